import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  describeRun,
  findNodeRuntimes,
  findWorkspaceNode,
  type NodeRuntime,
  type RunResult,
  run,
} from '@org/test-utils/packaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPublishable } from '../src/workspace/packages.js';
import { consumerScript, writeTypeScriptConsumer } from './helpers/consumer.js';
import { type LocalRegistry, startRegistry } from './helpers/registry.js';

/**
 * The release path end to end, as users receive its output: a local npm
 * registry (verdaccio on 127.0.0.1), `release publish` against it with
 * conformance reports, then a fresh app outside the workspace that runs
 * `npm install @org/twilio-client`, imports it from ESM and CJS on Node 20
 * and 24 and makes a real call, and type-checks a TypeScript consumer with
 * NodeNext and Bundler resolution. Third-party dependencies, if any,
 * come through verdaccio's uplink: the npm registry this machine's npm is
 * configured for. jose, an optional peer of @org/core, is not installed.
 *
 * The pack's conformance report is, by default, a fixture report for the
 * workspace's exact version and spec sha256: this test certifies what the
 * release does with reports, the suite certifies packs in its own tests, and
 * a fresh clone's `pnpm test` does not build @org/conformance. With
 * RELEASE_TEST_REPORTS=conformance the report comes from the real CLI
 * (`conformance --profile full --pack twilio`, report and API snapshots in
 * temporary folders; build @org/conformance first), and the test then fails
 * unless the suite certifies the pack. The hold-back run always uses a
 * fixture report with a failed required scenario. The test logs which.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = fileURLToPath(new URL('../bin/release.mjs', import.meta.url));
const PACK = '@org/twilio-client';
const CORE = '@org/core';

let registry: LocalRegistry;
let node24: NodeRuntime;
let work: string;
const timings: Record<string, number> = {};
/** Each step below has its own timeout; this bounds a test that runs several on a busy CI machine. */
const TEST_TIMEOUT_MS = 300_000;

async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

function pkgJson(dir: string): { name: string; version: string } {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
}

function sourceSha(): string {
  return /^sha256:\s*([0-9a-f]{64})\s*$/m.exec(
    readFileSync(join(root, 'specs/twilio/SOURCE.yaml'), 'utf8'),
  )![1]!;
}

/** A report in the contract shape of `.reports/conformance/<id>.json`. */
function writeReport(dir: string, passed: boolean): void {
  const scenario = (id: string, result: 'pass' | 'fail') => ({
    id,
    title: id,
    required: true,
    result,
    durationMs: 1,
    ...(result === 'fail' ? { details: 'waited 0 ms where Retry-After said 2 s' } : {}),
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'twilio.json'),
    JSON.stringify({
      pack: 'twilio',
      npm: PACK,
      version: pkgJson('packages/twilio-client').version,
      specSha256: sourceSha(),
      generatedAt: new Date().toISOString(),
      profile: 'full',
      passed,
      scenarios: [scenario('wire', 'pass'), scenario('retry', passed ? 'pass' : 'fail')],
    }),
  );
}

const REPORTS_FROM =
  process.env.RELEASE_TEST_REPORTS === 'conformance' ? 'conformance CLI' : 'fixture report';

/**
 * Certifies the twilio pack into `dir`: a passing fixture report, or the
 * conformance CLI's (its exit code 1 only means "not certified"; the report
 * says why).
 */
async function certifyTwilio(dir: string): Promise<void> {
  if (REPORTS_FROM === 'fixture report') {
    writeReport(dir, true);
    return;
  }
  const bin = join(root, 'conformance', 'bin', 'conformance.mjs');
  if (!existsSync(join(root, 'conformance', 'dist', 'cli.js')))
    throw new Error('RELEASE_TEST_REPORTS=conformance: build @org/conformance first');
  // Accepted API snapshots are read from a copy: a missing one would otherwise be written into the tree.
  const snapshots = join(work, 'snapshots');
  if (existsSync(join(root, 'conformance', 'snapshots')))
    cpSync(join(root, 'conformance', 'snapshots'), snapshots, { recursive: true });
  const result = await run(
    node24.bin,
    [
      bin,
      '--profile',
      'full',
      '--pack',
      'twilio',
      '--report-dir',
      dir,
      '--snapshot-dir',
      snapshots,
    ],
    { cwd: root, timeoutMs: 240_000 },
  );
  if (!existsSync(join(dir, 'twilio.json')))
    throw new Error(`no report written\n${describeRun(result)}`);
}

/** The pack and every workspace package it needs, directly or not: what one release must carry. */
function releaseSet(): string[] {
  const packages = listPublishable(root);
  const wanted = new Set([PACK]);
  for (const pkg of [...packages].reverse()) {
    if (wanted.has(pkg.name)) for (const dep of pkg.needs) wanted.add(dep);
  }
  return packages.filter((pkg) => wanted.has(pkg.name)).map((pkg) => pkg.name);
}

async function release(reports: string): Promise<RunResult> {
  const args = [
    cli,
    'publish',
    '--skip-build',
    '--skip-tests',
    '--skip-conformance',
    '--no-git-tag',
    '--reports',
    reports,
    ...releaseSet().flatMap((name) => ['--only', name]),
  ];
  return run(node24.bin, args, { cwd: root, env: registry.env(), timeoutMs: 180_000 });
}

/** The cells of a package's row in the release table (columns are separated by 2+ spaces). */
function tableRow(output: string, name: string): string[] {
  const line = output.split('\n').find((row) => row.startsWith(`${name} `));
  return line ? line.split(/ {2,}/) : [`(no row for ${name})`];
}

beforeAll(async () => {
  node24 = findWorkspaceNode(root);
  for (const dir of ['packages/core', 'packages/twilio-client']) {
    if (!existsSync(join(root, dir, 'dist', 'index.js')))
      throw new Error(`${dir} is not built: run \`pnpm build\` first (pnpm test does)`);
  }
  const uplink = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  registry = await timed('start verdaccio', () => startRegistry({ node: node24.bin, uplink }));
  work = mkdtempSync(join(tmpdir(), 'release-installed-'));
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  console.info(`installed-package test timings (ms): ${JSON.stringify(timings)}`);
});

describe('release publish to a local registry, then npm install as a user', () => {
  it(
    'holds back the pack with a failing report and publishes the libraries it needs',
    async () => {
      const reports = join(work, 'reports-failing');
      writeReport(reports, false);
      const result = await timed('release (failing report)', () => release(reports));
      expect(result.code, describeRun(result)).toBe(1);
      const version = pkgJson('packages/twilio-client').version;
      expect(tableRow(result.stdout, PACK)).toEqual([
        PACK,
        version,
        'pack',
        'held back',
        'failed required scenario(s): retry (waited 0 ms where Retry-After said 2 s)',
      ]);
      const libraries = releaseSet().filter((name) => name !== PACK);
      expect(libraries).toContain(CORE);
      for (const name of libraries) {
        expect(tableRow(result.stdout, name).slice(2)).toEqual([
          'library',
          'published',
          'tests not run here (--skip-tests)',
        ]);
      }
      expect(result.stderr).toContain(`release: 1 package(s) not released: ${PACK}`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'publishes the pack once conformance certifies it, skipping what is already on the registry',
    async () => {
      const reports = join(work, 'reports-certified');
      await timed('conformance', () => certifyTwilio(reports));
      console.info(`twilio conformance report from the ${REPORTS_FROM}`);
      const report = JSON.parse(readFileSync(join(reports, 'twilio.json'), 'utf8'));
      const failed = report.scenarios.filter((s: any) => s.required && s.result === 'fail');
      expect(
        report.passed,
        `the ${REPORTS_FROM} did not certify twilio (${failed.map((s: any) => `${s.id}: ${s.details}`).join('; ')}), so the release rightly holds it back and there is nothing to install`,
      ).toBe(true);
      const result = await timed('release (passing report)', () => release(reports));
      expect(result.code, describeRun(result)).toBe(0);
      expect(tableRow(result.stdout, PACK).slice(2)).toEqual(['pack', 'published', '-']);
      for (const name of releaseSet().filter((name) => name !== PACK))
        expect(tableRow(result.stdout, name).slice(2)).toEqual([
          'library',
          'already published',
          '-',
        ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'installs with npm in a fresh app; ESM and CJS import and call it on Node 20 and 24',
    async () => {
      const app = join(work, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
      const install = await timed('npm install', () =>
        run('npm', ['install', PACK, '--no-package-lock', '--loglevel=error'], {
          cwd: app,
          env: registry.env(),
          timeoutMs: 180_000,
        }),
      );
      expect(install.code, `${describeRun(install)}\nverdaccio:\n${registry.log()}`).toBe(0);
      const installed = JSON.parse(
        readFileSync(join(app, 'node_modules', PACK, 'package.json'), 'utf8'),
      );
      expect(installed.version).toBe(pkgJson('packages/twilio-client').version);
      expect(installed.dependencies[CORE]).toBe(`^${pkgJson('packages/core').version}`);
      expect(existsSync(join(app, 'node_modules', CORE, 'package.json')), CORE).toBe(true);
      // Bundled into @org/core, code and types.
      for (const dep of ['openapi-fetch', 'openapi-typescript-helpers'])
        expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(false);
      // An optional peer of @org/core, needed only for JWT assertions and jwt webhooks.
      expect(existsSync(join(app, 'node_modules', 'jose')), 'jose').toBe(false);

      writeFileSync(join(app, 'call.mjs'), consumerScript('esm'));
      writeFileSync(join(app, 'call.cjs'), consumerScript('cjs'));
      for (const runtime of findNodeRuntimes(root)) {
        for (const file of ['call.mjs', 'call.cjs']) {
          const result = await timed(`${file} on ${runtime.label}`, () =>
            run(runtime.bin, [file], {
              cwd: app,
              env: { PATH: process.env.PATH },
              timeoutMs: 30_000,
            }),
          );
          expect(result.code, describeRun(result)).toBe(0);
          expect(
            JSON.parse(result.stdout.trim().split('\n').pop()!),
            `${file} on ${runtime.label}`,
          ).toEqual({
            version: installed.version,
            sid: 'SM00000000000000000000000000000000',
            status: 'delivered',
            authorization: `Basic ${Buffer.from('AC00000000000000000000000000000000:token').toString('base64')}`,
            denied: { status: 401, code: 20003 },
            config: 'configuration',
          });
        }
      }

      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      const tsVersion = JSON.parse(
        readFileSync(join(dirname(dirname(tsc)), 'package.json'), 'utf8'),
      ).version;
      expect(tsVersion).toBe('6.0.3');
      writeTypeScriptConsumer(app);
      // Two compiles of an 888 KB declaration file: run them side by side (2 cores).
      const compiles = await Promise.all(
        ['tsconfig.nodenext.json', 'tsconfig.bundler.json'].map((config) =>
          timed(`tsc ${config}`, () =>
            run(node24.bin, [tsc, '-p', config], { cwd: app, timeoutMs: 120_000 }),
          ),
        ),
      );
      for (const result of compiles) expect(result.code, describeRun(result)).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
