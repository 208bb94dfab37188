// What a user pays before the first request: for every published package
// under packages/, the packed tarball, the installed size with dependencies
// (npm install of the packed tarballs into a fresh directory, dependencies
// from the registry) and the cold import time as a ratio to a bare
// `node -e ""` in the same run; for @org/twilio-client against the official
// `twilio` (npm install from the registry, the version bench/ pins), the same
// figures and the minified + gzipped bundle of a "send one SMS" app (esbuild).
//
//   BENCH_IMPORT_RUNS fresh processes per target (default 15)
//   BENCH_INSTALL_MODE=link links dependencies from the workspace (offline)
// Writes bench/results/footprint.json; bench/check-budgets.mjs reads it.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureBundle } from './lib/bundle.mjs';
import { measureColdImports } from './lib/cold-import.mjs';
import { installedClosure } from './lib/installed-size.mjs';
import { packAndInstall } from './lib/our-packages.mjs';
import { writeResults } from './lib/results.mjs';
import { ORG_TWILIO_SMS_APP, TWILIO_SDK_SMS_APP } from './lib/sms-apps.mjs';
import { round } from './lib/stats.mjs';
import { installTwilioSdk } from './lib/twilio-sdk.mjs';

const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 15);
const MODE = process.env.BENCH_INSTALL_MODE === 'link' ? 'link' : 'npm';
const IMPORT_TARGET = 1 / 10;
const INSTALL_TARGET = 1 / 20;
const root = fileURLToPath(new URL('..', import.meta.url));
const esbuild = join(root, 'node_modules/.bin/esbuild');
const log = (line) => process.stderr.write(`footprint: ${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'org-footprint-'));

try {
  const ours = await packAndInstall(root, work, { mode: MODE, log });
  for (const s of ours.skipped) log(`skipped ${s.name}: ${s.reason}`);

  const { dir: twilioApp, version: twilioVersion } = installTwilioSdk(root, work, log);

  log(`cold imports, ${RUNS} fresh processes per target`);
  const targets = [
    ...ours.packed.map((p) => ({ label: p.name, cwd: ours.appDir, specifier: p.name })),
    { label: 'twilio', cwd: twilioApp, specifier: 'twilio' },
  ];
  const imports = measureColdImports(targets, RUNS, log);
  const importOf = (label) => imports.results.find((r) => r.label === label);

  const packages = ours.packed.map((p) => {
    const closure = installedClosure(join(ours.appDir, 'node_modules', p.name));
    const cold = importOf(p.name);
    return {
      name: p.name,
      packedBytes: p.packedBytes,
      packedFiles: p.packedFiles,
      installedBytes: closure.bytes,
      installedFiles: closure.files,
      installedPackages: closure.packages.map((x) => `${x.name}@${x.version} ${x.bytes}`),
      coldImportRatio: cold.ratioToBareNode,
      coldImportMs: cold.importMs,
      coldImportAddedWallMs: cold.addedWallMs,
    };
  });
  const twilioClosure = installedClosure(join(twilioApp, 'node_modules/twilio'));
  const twilioCold = importOf('twilio');

  log('bundles');
  const optionalPeers = ['@opentelemetry/api']; // not installed by a user who does not trace
  const bundles = {
    '@org/twilio-client': ours.packed.some((p) => p.name === '@org/twilio-client')
      ? measureBundle({
          esbuild,
          appDir: ours.appDir,
          name: 'send-sms',
          source: ORG_TWILIO_SMS_APP,
          external: optionalPeers,
        })
      : undefined,
    twilio: measureBundle({
      esbuild,
      appDir: twilioApp,
      name: 'send-sms',
      source: TWILIO_SDK_SMS_APP,
    }),
  };
  const smsBundle = bundles['@org/twilio-client'];
  const orgTwilio = packages.find((p) => p.name === '@org/twilio-client');
  if (orgTwilio && smsBundle) orgTwilio.smsAppBundleGzipBytes = smsBundle.gzipBytes;

  const comparison = orgTwilio && {
    importMsRatio: round(orgTwilio.coldImportMs / twilioCold.importMs, 3),
    addedWallMsRatio: round(orgTwilio.coldImportAddedWallMs / twilioCold.addedWallMs, 3),
    installedBytesRatio: round(orgTwilio.installedBytes / twilioClosure.bytes, 3),
    bundleGzipRatio: smsBundle
      ? round(smsBundle.gzipBytes / bundles.twilio.gzipBytes, 3)
      : undefined,
    targets: { coldImportAtMost: IMPORT_TARGET, installedSizeAtMost: INSTALL_TARGET },
  };
  if (comparison) {
    comparison.coldImportMet = comparison.importMsRatio <= IMPORT_TARGET;
    comparison.installedSizeMet = comparison.installedBytesRatio <= INSTALL_TARGET;
  }

  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model.trim()}; install: ${MODE}; bare node -e "": ${imports.bareNodeMs} ms (median of ${RUNS})\n`,
  );
  console.log('package                 packed       installed (+deps)   import ratio  import ms');
  for (const p of packages) {
    console.log(
      `${p.name.padEnd(22)}  ${kb(p.packedBytes).padStart(11)}  ${kb(p.installedBytes).padStart(12)} (${String(p.installedPackages.length).padStart(2)} pkgs)  ${p.coldImportRatio.toFixed(2).padStart(10)}x  ${p.coldImportMs.toFixed(1).padStart(8)}`,
    );
  }
  console.log(
    `${`twilio@${twilioVersion}`.padEnd(22)}  ${''.padStart(11)}  ${kb(twilioClosure.bytes).padStart(12)} (${String(twilioClosure.packages.length).padStart(2)} pkgs)  ${twilioCold.ratioToBareNode.toFixed(2).padStart(10)}x  ${twilioCold.importMs.toFixed(1).padStart(8)}`,
  );
  console.log('\n"send one SMS" app, esbuild --bundle --minify (ESM, node20), gzip -9:');
  for (const [name, b] of Object.entries(bundles)) {
    if (b)
      console.log(
        `  ${name.padEnd(20)} ${kb(b.minifiedBytes).padStart(11)} minified, ${kb(b.gzipBytes).padStart(10)} gzipped; heaviest: ${b.heaviestInputs.map((i) => `${i.package} ${kb(i.minifiedBytes)}`).join(', ')}`,
      );
  }
  if (comparison) {
    console.log('\n@org/twilio-client / twilio:');
    console.log(
      `  cold import (in-process import time): ${comparison.importMsRatio.toFixed(3)} (target <= ${IMPORT_TARGET}: ${comparison.coldImportMet ? 'met' : 'MISSED'}); process time added to bare node: ${comparison.addedWallMsRatio.toFixed(3)}`,
    );
    console.log(
      `  installed size with dependencies:     ${comparison.installedBytesRatio.toFixed(3)} (target <= ${INSTALL_TARGET}: ${comparison.installedSizeMet ? 'met' : 'MISSED'})`,
    );
    if (comparison.bundleGzipRatio !== undefined)
      console.log(
        `  "send one SMS" bundle, gzipped:       ${comparison.bundleGzipRatio.toFixed(3)}`,
      );
  }

  writeResults('footprint', {
    installMode: MODE,
    bareNodeMs: imports.bareNodeMs,
    importRuns: RUNS,
    packages,
    skipped: ours.skipped,
    twilio: {
      version: twilioVersion,
      installedBytes: twilioClosure.bytes,
      installedFiles: twilioClosure.files,
      installedPackages: twilioClosure.packages.map((x) => `${x.name}@${x.version} ${x.bytes}`),
      coldImportRatio: twilioCold.ratioToBareNode,
      coldImportMs: twilioCold.importMs,
      coldImportAddedWallMs: twilioCold.addedWallMs,
    },
    bundles,
    comparison,
    coldImports: imports.results,
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
