// Minified + gzipped size of an app bundled with esbuild (the workspace's
// copy at node_modules/.bin/esbuild), with the inputs that weigh most.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Bundles `source` (written to `<appDir>/<name>.mjs`, so it resolves the
 * packages installed there) for Node 20 as ESM. `external`: packages left
 * out, e.g. optional peers the app does not install.
 *
 * @param {{ esbuild: string, appDir: string, name: string, source: string, external?: string[] }} options
 */
export function measureBundle({ esbuild, appDir, name, source, external = [] }) {
  const entry = join(appDir, `${name}.mjs`);
  const outfile = join(appDir, `${name}.bundle.mjs`);
  const metafile = join(appDir, `${name}.meta.json`);
  writeFileSync(entry, source);
  const result = spawnSync(
    esbuild,
    [
      entry,
      '--bundle',
      '--minify',
      '--format=esm',
      '--platform=node',
      '--target=node20',
      '--log-level=error',
      `--outfile=${outfile}`,
      `--metafile=${metafile}`,
      ...external.map((e) => `--external:${e}`),
    ],
    { cwd: appDir, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(
      `esbuild failed for ${name}: ${result.error ? `${result.error.message} (is esbuild installed at ${esbuild}?)` : result.stderr.slice(-2000)}`,
    );
  const code = readFileSync(outfile);
  const meta = JSON.parse(readFileSync(metafile, 'utf8'));
  const output = Object.values(meta.outputs)[0];
  const byPackage = new Map();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path.replaceAll('\\', '/'));
    const key = match ? match[1] : '(app)';
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return {
    minifiedBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    external,
    heaviestInputs: [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([pkg, bytes]) => ({ package: pkg, minifiedBytes: bytes })),
  };
}
