// What the JavaScript layout costs: @org/twilio-client as shipped (one ESM
// build, `require` through require(esm) shims) against separate ESM and CJS
// builds (as shipped before, rebuilt from the same sources) and the CJS build
// with ES module wrappers (bench/lib/dist-layouts.mjs), all in one run: installed size with dependencies (and its ratio to the official
// `twilio`), cold import from an ES module and from a CommonJS program, and
// the "send one SMS" app bundled with esbuild. Each layout first sends one
// request to a loopback server through `import` and through `require`, so a
// layout that does not work is reported, not measured.
//
//   BENCH_IMPORT_RUNS fresh processes per target (default 15)
//   BENCH_INSTALL_MODE=link links dependencies from the workspace (offline)
// Writes bench/results/layout-variants.json.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureBundle } from './lib/bundle.mjs';
import { measureColdImports } from './lib/cold-import.mjs';
import { applyLayout, LAYOUTS, rebuildDual, SHIPPED } from './lib/dist-layouts.mjs';
import { installedClosure, resolvePackageDir } from './lib/installed-size.mjs';
import { packAndInstall, publishedPackages } from './lib/our-packages.mjs';
import { writeResults } from './lib/results.mjs';
import { ORG_TWILIO_SMS_APP } from './lib/sms-apps.mjs';
import { round } from './lib/stats.mjs';
import { installTwilioSdk } from './lib/twilio-sdk.mjs';

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 15);
const MODE = process.env.BENCH_INSTALL_MODE === 'link' ? 'link' : 'npm';
const INSTALL_TARGET = 1 / 20;
const PACKAGE = '@org/twilio-client';
const root = fileURLToPath(new URL('..', import.meta.url));
const esbuild = join(root, 'node_modules/.bin/esbuild');
const tsup = join(root, 'node_modules/.bin/tsup');
const log = (line) => process.stderr.write(`layout-variants: ${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'org-layouts-'));

/**
 * One GET of a message through the client, from an ES module (`import`) or
 * a CommonJS program (`require`), against a server in the same process.
 */
const SMOKE = (loader) => `
const http = require('node:http');
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ sid: 'SM1', path: req.url }));
}).listen(0, '127.0.0.1', async () => {
  const { createTwilioClient } = ${loader === 'require' ? `require('${PACKAGE}')` : `await import('${PACKAGE}')`};
  const base = 'http://127.0.0.1:' + server.address().port;
  const client = createTwilioClient({ credentials: { accountSid: 'AC1', authToken: 't' }, baseUrl: base });
  const { data, error } = await client.GET('/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json', {
    params: { path: { AccountSid: 'AC1', Sid: 'SM1' } },
  });
  server.close();
  if (error || data.sid !== 'SM1') throw new Error('unexpected answer: ' + JSON.stringify(error ?? data));
  process.stdout.write('ok');
});`;

try {
  const ours = await packAndInstall(root, work, { mode: MODE, log });
  if (!ours.packed.some((p) => p.name === PACKAGE)) throw new Error(`${PACKAGE} is not built`);
  const twilio = installTwilioSdk(root, work, log);
  const twilioBytes = installedClosure(join(twilio.dir, 'node_modules/twilio')).bytes;
  const workspaceDirs = new Map(publishedPackages(root).map((p) => [p.name, p.dir]));

  const layouts = [];
  for (const layout of LAYOUTS) {
    const appDir = join(work, `app-${layout}`);
    cpSync(ours.appDir, appDir, { recursive: true, verbatimSymlinks: true });
    const closure = installedClosure(join(appDir, 'node_modules', PACKAGE));
    const ourDirs = closure.packages
      .filter((p) => p.name.startsWith('@org/'))
      .map((p) => resolvePackageDir(p.name, appDir));
    if (layout !== SHIPPED) {
      log(`rebuild ${ourDirs.length} packages with separate ESM and CJS builds (${layout})`);
      rebuildDual(ourDirs, workspaceDirs, tsup);
      applyLayout(layout, ourDirs, appDir);
    }
    const works = {};
    for (const loader of ['import', 'require']) {
      try {
        works[loader] =
          execFileSync(process.execPath, ['-e', SMOKE(loader)], {
            cwd: appDir,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          }) === 'ok';
      } catch (error) {
        works[loader] = false;
        log(
          `${layout} via ${loader}: ${String(error.stderr ?? error)
            .split('\n')
            .find(Boolean)}`,
        );
      }
    }
    const bytes = installedClosure(join(appDir, 'node_modules', PACKAGE)).bytes;
    log(`bundle (${layout})`);
    const bundle = measureBundle({
      esbuild,
      appDir,
      name: 'send-sms',
      source: ORG_TWILIO_SMS_APP,
      // Optional peers a user who neither traces nor verifies JWT webhooks does not install.
      external: ['@opentelemetry/api', 'jose'],
    });
    layouts.push({ layout, appDir, works, installedBytes: bytes, bundle });
  }

  log(`cold imports, ${RUNS} fresh processes per target`);
  const targets = layouts.flatMap((l) =>
    ['import', 'require']
      .filter((loader) => l.works[loader])
      .map((loader) => ({
        label: `${l.layout} ${loader}`,
        cwd: l.appDir,
        specifier: PACKAGE,
        loader,
      })),
  );
  const imports = measureColdImports(targets, RUNS, log);
  const cold = (label) => imports.results.find((r) => r.label === label);

  const dual = layouts.find((l) => l.layout === 'dual');
  const results = layouts.map((l) => ({
    layout: l.layout,
    works: l.works,
    installedBytes: l.installedBytes,
    installedBytesRatioToTwilio: round(l.installedBytes / twilioBytes, 4),
    installedSizeMet: l.installedBytes / twilioBytes <= INSTALL_TARGET,
    importMs: cold(`${l.layout} import`)?.importMs,
    requireMs: cold(`${l.layout} require`)?.importMs,
    importRatioToDual: ratio(cold(`${l.layout} import`), cold('dual import')),
    requireRatioToDual: ratio(cold(`${l.layout} require`), cold('dual require')),
    bundleMinifiedBytes: l.bundle.minifiedBytes,
    bundleGzipBytes: l.bundle.gzipBytes,
    bundleGzipRatioToDual: round(l.bundle.gzipBytes / dual.bundle.gzipBytes, 3),
    bundleHeaviestInputs: l.bundle.heaviestInputs,
  }));

  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}; install: ${MODE}; twilio@${twilio.version} installed: ${kb(twilioBytes)}\n`,
  );
  console.log(
    'layout              works (import/require)  installed     / twilio  import ms  require ms  SMS bundle gz (vs dual)',
  );
  for (const r of results) {
    console.log(
      `${r.layout.padEnd(18)}  ${`${r.works.import ? 'yes' : 'NO'}/${r.works.require ? 'yes' : 'NO'}`.padEnd(22)}  ${kb(r.installedBytes).padStart(11)}  ${r.installedBytesRatioToTwilio.toFixed(4)}  ${String(r.importMs ?? '-').padStart(9)}  ${String(r.requireMs ?? '-').padStart(10)}  ${kb(r.bundleGzipBytes).padStart(10)} (${r.bundleGzipRatioToDual.toFixed(2)}x)`,
    );
  }
  console.log(`\ninstalled-size target: at most ${INSTALL_TARGET} of twilio's`);

  writeResults('layout-variants', {
    installMode: MODE,
    importRuns: RUNS,
    twilio: { version: twilio.version, installedBytes: twilioBytes },
    layouts: results,
    coldImports: imports.results,
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}

function ratio(a, b) {
  return a && b ? round(a.importMs / b.importMs, 3) : undefined;
}
