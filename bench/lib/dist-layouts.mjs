// The JavaScript layouts a package can ship, made in an installed app:
//
// - 'esm-require-shim' (what the packages ship): the ESM build only, each
//   `.cjs` entry `module.exports = require('./<entry>.js')`, which needs
//   require(esm) (Node 20.19+, 22.12+; not Jest's module runtime before Node
//   24.9: https://github.com/jestjs/jest/issues/15716);
// - 'dual': separate ESM and CJS builds (what they shipped before), rebuilt
//   from the workspace with ORG_BUILD_CJS=1 (rebuildDual);
// - 'cjs-esm-wrapper': the CJS build only, each `.js` entry an ES module that
//   re-exports its `.cjs` twin's names (Node's "ES module wrapper" approach
//   for dual packages: https://nodejs.org/api/packages.html#dual-package-hazard).
//
// applyLayout derives the CJS-with-wrappers layout from a dual dist folder;
// the shipped layout is the build's own (tsup.base.ts writes its shims).
// package.json is left alone: its `import` and `require` conditions still
// name the `.js` and `.cjs` entries. Outputs with no twin (code-split chunks)
// are deleted, once no kept file needs them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LAYOUTS = ['esm-require-shim', 'dual', 'cjs-esm-wrapper'];
/** The layout the packages ship (tsup.base.ts). */
export const SHIPPED = 'esm-require-shim';

/**
 * Rebuilds the dist folder of each installed package in `packageDirs` as
 * separate ESM and CJS builds: tsup with ORG_BUILD_CJS=1, run in the
 * workspace package of the same name (`workspaceDirs`: name to folder),
 * writing into the installed copy.
 */
export function rebuildDual(packageDirs, workspaceDirs, tsup) {
  for (const dir of packageDirs) {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const source = workspaceDirs.get(name);
    if (!source) throw new Error(`rebuildDual: no workspace package ${name}`);
    execFileSync(tsup, ['--out-dir', join(dir, 'dist')], {
      cwd: source,
      env: { ...process.env, ORG_BUILD_CJS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
}

/** Rewrites the dual dist folder of each package directory in `packageDirs` to `layout`, in place. */
export function applyLayout(layout, packageDirs, appDir) {
  if (layout === 'dual') return;
  if (layout === SHIPPED)
    throw new Error(`${SHIPPED} is what the build ships: install it as packed`);
  if (layout !== 'cjs-esm-wrapper') {
    throw new Error(`unknown layout ${layout}; one of ${LAYOUTS.join(', ')}`);
  }
  for (const dir of packageDirs) {
    const dist = join(dir, 'dist');
    wrapCjs(dist, readdirSync(dist), appDir);
  }
}

function wrapCjs(dist, files, appDir) {
  const entries = files.filter((f) => f.endsWith('.js') && existsSync(join(dist, twin(f, 'cjs'))));
  // The names each CJS twin exports, read by loading it as a CommonJS program would.
  const names = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '-e',
        `const out={};for(const f of ${JSON.stringify(entries)})out[f]=Object.keys(require(${JSON.stringify(dist)}+'/'+f.replace(/\\.js$/,'.cjs'))).filter(n=>n!=='default'&&n!=='__esModule');process.stdout.write(JSON.stringify(out))`,
      ],
      { cwd: appDir, encoding: 'utf8' },
    ),
  );
  for (const file of files.filter((f) => f.endsWith('.js'))) {
    if (!entries.includes(file)) {
      rmSync(join(dist, file));
      continue;
    }
    const list = names[file];
    writeFileSync(
      join(dist, file),
      `import cjs from './${twin(file, 'cjs')}';\n${list.length ? `export const { ${list.join(', ')} } = cjs;\n` : ''}`,
    );
  }
}

function twin(file, extension) {
  return file.replace(/\.(c?js)$/, `.${extension}`);
}
