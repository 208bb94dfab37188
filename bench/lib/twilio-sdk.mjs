// The official `twilio` SDK as its users receive it: `npm install` of the
// version bench/ pins, from the registry, into a fresh directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Installs twilio@<bench's version> into `<work>/twilio-app`; returns that folder and the version. */
export function installTwilioSdk(root, work, log = () => {}) {
  const version = JSON.parse(
    readFileSync(join(root, 'bench/node_modules/twilio/package.json'), 'utf8'),
  ).version;
  const dir = join(work, 'twilio-app');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), '{"name":"twilio-app","private":true}\n');
  log(`npm install twilio@${version}`);
  const npm = spawnSync(
    'npm',
    [
      'install',
      `twilio@${version}`,
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--loglevel=error',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (npm.status !== 0) throw new Error(`npm install twilio failed: ${npm.stderr.slice(-2000)}`);
  return { dir, version };
}
