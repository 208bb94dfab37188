// Codegen on the full GitHub REST spec (@octokit/openapi, ~13 MB, ~1,000
// operations) against plain openapi-typescript: generation time and peak
// memory, output size, and the type-check cost of a consumer that calls three
// operations (tsc 6 with --extendedDiagnostics, and TypeScript 7 when it
// installs). Run: node bench/codegen-github.mjs (Node 24). Writes
// bench/results/codegen-github.json.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
const fromCodegen = createRequire(path.join(repo, 'codegen/package.json'));
const specSource = fromCodegen.resolve('@octokit/openapi/generated/api.github.com.json');
const octokitVersion = JSON.parse(
  readFileSync(fromCodegen.resolve('@octokit/openapi/package.json'), 'utf8'),
).version;
const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(path.join(tmpdir(), 'codegen-github-'));
const log = (line) => process.stderr.write(`${line}\n`);
// The machine has 2 cores shared with whatever else runs: each timing is the
// median of RUNS runs (runs: the individual figures are kept too).
const RUNS = Number(process.env.RUNS ?? 3);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `measure` RUNS times; fails on a non-zero exit; returns the median run by wall time. */
function measureMedian(label, command, args, options) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    log(`${label}: run ${i + 1}/${RUNS}`);
    runs.push(measure(command, args, options));
  }
  const mid = median(runs.map((run) => run.seconds));
  const chosen = runs.find((run) => run.seconds === mid);
  return { ...chosen, runs: runs.map((run) => run.seconds) };
}

/** Runs a command under /usr/bin/time -v: wall seconds, peak RSS in MiB, exit code, output. */
function measure(command, args, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    ...options,
  });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(
    result.stderr,
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  return {
    seconds: wall
      ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])
      : undefined,
    peakRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : undefined,
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

function diagnostics(stdout) {
  const pick = (name) =>
    /^(.+?):\s+([\d.]+)(K|s)?$/m.exec(
      stdout.split('\n').find((l) => l.startsWith(`${name}:`)) ?? '',
    );
  const value = (name) => {
    const m = pick(name);
    return m ? Number(m[2]) : undefined;
  };
  return {
    instantiations: value('Instantiations'),
    types: value('Types'),
    memoryUsedMiB:
      value('Memory used') === undefined ? undefined : Math.round(value('Memory used') / 1024),
    checkSeconds: value('Check time'),
    totalSeconds: value('Total time'),
  };
}

function errorsOf(output) {
  return output
    .split('\n')
    .filter((line) => /error TS\d+/.test(line))
    .slice(0, 10);
}

// 1. A pack root with the spec pinned as codegen expects it.
const specDir = path.join(work, 'specs/github');
mkdirSync(specDir, { recursive: true });
copyFileSync(specSource, path.join(specDir, 'openapi.json'));
copyFileSync(path.join(repo, 'bench/codegen-github/pack.yaml'), path.join(specDir, 'pack.yaml'));
const specBytes = readFileSync(path.join(specDir, 'openapi.json'));
const sha256 = createHash('sha256').update(specBytes).digest('hex');
writeFileSync(
  path.join(specDir, 'SOURCE.yaml'),
  `file: openapi.json\norigin:\n  package: "@octokit/openapi"\n  path: generated/api.github.com.json\nversion: "${octokitVersion}"\nsha256: ${sha256}\nlicense:\n  name: MIT\n`,
);
const spec = JSON.parse(specBytes.toString('utf8'));
const operationCount = Object.values(spec.paths).reduce(
  (n, item) =>
    n +
    ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'].filter((m) => item[m])
      .length,
  0,
);

// 2. Generation: codegen (types + metadata table + manifest + client) vs plain openapi-typescript.
const codegen = measureMedian('codegen: GitHub pack', process.execPath, [
  path.join(repo, 'codegen/bin/codegen.mjs'),
  '--root',
  work,
  'github',
]);
if (codegen.code !== 0) throw new Error(`codegen failed:\n${codegen.stderr}`);
const generatedDir = path.join(work, 'packages/github-client/src/generated');
const size = (file) => statSync(file).size;
const generatedBytes = ['types.ts', 'operations.ts', 'manifest.ts', 'client.ts'].reduce(
  (n, f) => n + size(path.join(generatedDir, f)),
  0,
);

mkdirSync(path.join(work, 'plain'), { recursive: true });
const plainCli = path.join(
  path.dirname(fromCodegen.resolve('openapi-typescript/package.json')),
  'bin/cli.js',
);
const plain = measureMedian('plain openapi-typescript', process.execPath, [
  plainCli,
  path.join(specDir, 'openapi.json'),
  '-o',
  path.join(work, 'plain/types.ts'),
]);
if (plain.code !== 0) throw new Error(`openapi-typescript failed:\n${plain.stderr}`);

// 3. Consumers calling three operations, one per output.
const nodeModules = path.join(work, 'node_modules');
mkdirSync(path.join(nodeModules, '@org'), { recursive: true });
mkdirSync(path.join(nodeModules, '@types'), { recursive: true });
symlinkSync(path.join(repo, 'packages/core'), path.join(nodeModules, '@org/core'));
symlinkSync(
  path.dirname(fromCodegen.resolve('openapi-fetch/package.json')),
  path.join(nodeModules, 'openapi-fetch'),
);
symlinkSync(path.join(repo, 'node_modules/@types/node'), path.join(nodeModules, '@types/node'));
writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');

const calls = `
const path = { owner: 'octocat', repo: 'hello-world' };
const repo = await gh.GET('/repos/{owner}/{repo}', { params: { path } });
const fullName: string | undefined = repo.data?.full_name;
const issues = await gh.GET('/repos/{owner}/{repo}/issues', {
  params: { path, query: { state: 'open', per_page: 10 } },
});
const numbers: number[] = (issues.data ?? []).map((issue) => issue.number);
const created = await gh.POST('/repos/{owner}/{repo}/issues', {
  params: { path },
  body: { title: 'Found a bug', labels: ['bug'] },
});
const url: string | undefined = created.data?.html_url;
console.log(fullName, numbers, url);
`;
const consumers = {
  codegen: `import { createGithubClient } from '../packages/github-client/src/generated/client.js';\nconst gh = createGithubClient({ token: 'ghp_example' });\n${calls}`,
  plain: `import createClient from 'openapi-fetch';\nimport type { paths } from '../plain/types.js';\nconst gh = createClient<paths>({ baseUrl: 'https://api.github.com' });\n${calls}`,
};
const tsconfig = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['index.ts'],
};
for (const [name, source] of Object.entries(consumers)) {
  mkdirSync(path.join(work, `consumer-${name}`), { recursive: true });
  writeFileSync(path.join(work, `consumer-${name}/index.ts`), source);
  writeFileSync(
    path.join(work, `consumer-${name}/tsconfig.json`),
    JSON.stringify(tsconfig, null, 2),
  );
}

function typeCheck(name) {
  const cwd = path.join(work, `consumer-${name}`);
  const run = measureMedian(
    `tsc 6: consumer of ${name} output`,
    process.execPath,
    [tsc, '-p', 'tsconfig.json', '--extendedDiagnostics'],
    { cwd },
  );
  const errors = errorsOf(run.stdout);
  return {
    ok: run.code === 0,
    wallSeconds: run.seconds,
    wallSecondsRuns: run.runs,
    peakRssMiB: run.peakRssMiB,
    ...diagnostics(run.stdout),
    excessivelyDeep: /TS2589/.test(run.stdout),
    errors,
  };
}

function typeCheck7(name) {
  const cwd = path.join(work, `consumer-${name}`);
  log(`tsc 7: consumer of ${name} output`);
  // Wall time includes npx start-up; totalSeconds is the compiler's own figure.
  const run = measure(
    'npx',
    ['-y', '-p', 'typescript@7.0.2', 'tsc', '-p', 'tsconfig.json', '--extendedDiagnostics'],
    { cwd },
  );
  if (run.code !== 0 && !/error TS\d+/.test(run.stdout)) {
    return {
      ok: false,
      installed: false,
      note: (
        run.stderr.split('\n').find((l) => /npm (error|ERR)/.test(l)) ?? run.stderr.slice(0, 300)
      ).trim(),
    };
  }
  const version = spawnSync('npx', ['-y', '-p', 'typescript@7.0.2', 'tsc', '--version'], {
    cwd,
    encoding: 'utf8',
  }).stdout.trim();
  return {
    ok: run.code === 0,
    version,
    wallSeconds: run.seconds,
    peakRssMiB: run.peakRssMiB,
    ...diagnostics(run.stdout),
    excessivelyDeep: /TS2589/.test(run.stdout),
    errors: errorsOf(run.stdout),
  };
}

const result = {
  spec: {
    source: `@octokit/openapi@${octokitVersion} generated/api.github.com.json`,
    sha256,
    bytes: specBytes.length,
    paths: Object.keys(spec.paths).length,
    operations: operationCount,
  },
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  generation: {
    codegen: {
      command: 'node codegen/bin/codegen.mjs --root <work> github',
      seconds: codegen.seconds,
      secondsRuns: codegen.runs,
      peakRssMiB: codegen.peakRssMiB,
      typesBytes: size(path.join(generatedDir, 'types.ts')),
      generatedBytes,
      operationsTableBytes: size(path.join(generatedDir, 'operations.ts')),
    },
    plainOpenapiTypescript: {
      command: 'openapi-typescript <spec> -o types.ts (defaults)',
      seconds: plain.seconds,
      secondsRuns: plain.runs,
      peakRssMiB: plain.peakRssMiB,
      typesBytes: size(path.join(work, 'plain/types.ts')),
    },
  },
  consumerTypeCheck: {
    calls: [
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}/issues',
      'POST /repos/{owner}/{repo}/issues',
    ],
    tsc6: { codegen: typeCheck('codegen'), plain: typeCheck('plain') },
    tsc7: { codegen: typeCheck7('codegen'), plain: typeCheck7('plain') },
  },
};
mkdirSync(path.join(repo, 'bench/results'), { recursive: true });
writeFileSync(
  path.join(repo, 'bench/results/codegen-github.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
rmSync(work, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
