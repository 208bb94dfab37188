// Gathers the last run's results (bench/results/*.json) into
// bench/results/summary.json and, with --readme, rewrites the `## Performance`
// section of the root README.md (appended at the end the first time) with the tables, the machine, the
// Node version and the command. Sections whose suite did not run are left out.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

const results = new URL('./results/', import.meta.url);
const readme = new URL('../README.md', import.meta.url);
const read = (name) => {
  const file = new URL(name, results);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
const run = read('run.json');
const pipeline = read('pipeline.json');
const overhead = read('pipeline-overhead.json');
const wire = read('pipeline-wire-layers.json');
const footprint = read('footprint.json');
const layouts = read('layout-variants.json');
const quota = read('quota.json');
const webhooks = read('webhooks.json');
const codegen = read('codegen-github.json');

const cpuModel =
  /^model name\s*:\s*(.+)$/m
    .exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1]
    ?.trim() ?? 'unknown';
const x = (ratio, digits = 2) => (ratio === undefined ? '–' : `${ratio.toFixed(digits)}x`);
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const met = (ok) => (ok ? 'met' : '**missed**');
const table = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const summary = { node: process.version, cpu: cpuModel, nproc: availableParallelism(), run };
const sections = [];

if (pipeline) {
  const configs = [
    ['GET', 1],
    ['GET', 32],
    ['POST', 1],
    ['POST', 32],
  ];
  const names = [...new Set(pipeline.results.map((r) => `${r.shape}\u0000${r.variant}`))];
  const cell = (shape, variant, method, concurrency) => {
    const r = pipeline.results.find(
      (y) =>
        y.shape === shape &&
        y.variant === variant &&
        y.method === method &&
        y.concurrency === concurrency,
    );
    if (!r) return '–';
    if (r.skipped) return 'paced 1/s';
    return `${x(r.ratioToRawFetch)} (${r.requestsPerSecond})`;
  };
  const rows = names.map((key) => {
    const [shape, variant] = key.split('\u0000');
    return [`${variant} (${shape})`, ...configs.map(([m, c]) => cell(shape, variant, m, c))];
  });
  const cpuRows = names.map((key) => {
    const [shape, variant] = key.split('\u0000');
    return [
      `${variant} (${shape})`,
      ...configs.map(([m, c]) => {
        const r = pipeline.results.find(
          (y) =>
            y.shape === shape && y.variant === variant && y.method === m && y.concurrency === c,
        );
        return r && !r.skipped ? `${r.cpuMicrosecondsPerRequest.toFixed(0)}` : '–';
      }),
    ];
  });
  summary.pipeline = { targets: pipeline.targets };
  sections.push(`### Request pipeline

One loopback server (a child process) answering Twilio, OpenAI and GitHub shapes; ${pipeline.rounds} interleaved rounds of ${pipeline.requests} requests per variant and configuration. Each cell: throughput as a ratio to raw \`fetch\` sending the same vendor's request in the same round (median over rounds), and req/s. \`c\` = requests in flight.

${table(['client (vendor shape)', 'GET c=1', 'GET c=32', 'POST c=1', 'POST c=32'], rows)}

Client CPU µs per request (median over rounds; the server runs in another process):

${table(['client (vendor shape)', 'GET c=1', 'GET c=32', 'POST c=1', 'POST c=32'], cpuRows)}

Target for the full pipeline (\`@org/twilio-client\`, defaults + telemetry), >= ${pipeline.targets.ratioAtLeast}x raw fetch: ${pipeline.targets.checks.map((c) => `${c.method} c=${c.concurrency} ${x(c.ratioToRawFetch)} (${met(c.ratioMet)})`).join('; ')}.`);
}

if (overhead) {
  const variants = [...new Set(overhead.results.map((r) => r.variant))];
  const rows = variants.map((v) => {
    const get = overhead.results.find((r) => r.variant === v && r.method === 'GET');
    const post = overhead.results.find((r) => r.variant === v && r.method === 'POST');
    return [
      v,
      get ? signed(get.addedMicrosecondsPerCall, 1) : '–',
      post ? signed(post.addedMicrosecondsPerCall, 1) : '–',
    ];
  });
  const full = overhead.results.filter((r) => r.fullPipeline);
  summary.overhead = Object.fromEntries(full.map((r) => [r.method, r.addedMicrosecondsPerCall]));
  sections.push(`### Cost per request, network taken out

Every client on the same in-memory \`fetch\` (a fresh canned Twilio response per call): CPU µs per call beyond calling that fetch and parsing the JSON directly, median of ${overhead.rounds} interleaved rounds of ${overhead.calls} calls. Budget: < 50 µs added per request under quota; the full pipeline adds ${full.map((r) => `${r.addedMicrosecondsPerCall.toFixed(1)} µs on ${r.method} (${met(r.addedMicrosecondsPerCall < 50)})`).join(', ')}.

${table(['client layer', 'GET µs', 'POST µs'], rows)}`);
}

if (wire) {
  const variants = [...new Set(wire.results.map((r) => r.variant))].filter(
    (v) => v !== 'raw fetch',
  );
  const cell = (v, method) => {
    const r = wire.results.find((y) => y.variant === v && y.method === method);
    return r
      ? `${signed(r.addedCpuMicrosecondsLowerQuartile, 0)} (${signed(r.addedCpuMicroseconds, 0)})`
      : '–';
  };
  const full = wire.results.filter((r) => r.fullPipeline);
  summary.wire = Object.fromEntries(
    full.map((r) => [
      r.method,
      { lowerQuartile: r.addedCpuMicrosecondsLowerQuartile, median: r.addedCpuMicroseconds },
    ]),
  );
  sections.push(`### Cost per request on the wire, layer by layer

The same layers against the loopback server: client CPU µs per request beyond raw \`fetch\`, lower quartile over ${wire.rounds} interleaved rounds of ${wire.requests} requests (median in brackets). The transport rows send with the default engine (undici's dispatcher on Node, the layer under fetch), the two \`engine: fetch\` rows through fetch, which copies the request into its own and builds its response stream on its socket layer: a negative figure is a layer cheaper than raw fetch. Budget < 50 µs: the full pipeline adds ${full.map((r) => `${r.addedCpuMicrosecondsLowerQuartile.toFixed(0)} µs on ${r.method} (${met(r.addedCpuMicrosecondsLowerQuartile < 50)})`).join(', ')}.

${table(
  ['layer', 'GET µs', 'POST µs'],
  variants.map((v) => [v, cell(v, 'GET'), cell(v, 'POST')]),
)}`);
}

if (footprint) {
  const ours = footprint.packages.find((p) => p.name === '@org/twilio-client');
  const t = footprint.twilio;
  const c = footprint.comparison;
  summary.footprint = { comparison: c };
  if (ours && c) {
    const b = footprint.bundles;
    sections.push(`### @org/twilio-client against twilio ${t.version}

Installed with \`npm install\` into an empty directory (ours from the packed tarballs), sizes with every dependency; cold import: median of ${footprint.importRuns} fresh \`node\` processes per package, interleaved with a bare \`node -e ""\` (${footprint.bareNodeMs} ms); "import ms" is the \`import()\` itself, timed inside the process.

${table(
  ['', '@org/twilio-client', `twilio ${t.version}`, 'ratio', 'target'],
  [
    [
      'installed size with dependencies',
      `${mib(ours.installedBytes)} (${ours.installedPackages.length} packages)`,
      `${mib(t.installedBytes)} (${t.installedPackages.length} packages)`,
      c.installedBytesRatio.toFixed(3),
      `<= 0.05: ${met(c.installedSizeMet)}`,
    ],
    [
      'cold import, import ms',
      `${ours.coldImportMs} ms`,
      `${t.coldImportMs} ms`,
      c.importMsRatio.toFixed(3),
      `<= 0.1: ${met(c.coldImportMet)}`,
    ],
    [
      'cold import, process time / bare node',
      x(ours.coldImportRatio),
      x(t.coldImportRatio),
      c.addedWallMsRatio.toFixed(3),
      '(ratio of the time added to bare node)',
    ],
    [
      '"send one SMS" app, esbuild minified + gzip',
      b['@org/twilio-client'] ? kib(b['@org/twilio-client'].gzipBytes) : '–',
      kib(b.twilio.gzipBytes),
      c.bundleGzipRatio?.toFixed(3) ?? '–',
      '',
    ],
  ],
)}

Scope differs: \`twilio\` covers every Twilio product; \`@org/twilio-client\` is the 2010-04-01 REST API (messages, calls, numbers).`);
  }
  if (layouts) {
    summary.layoutVariants = layouts.layouts.map((l) => ({
      layout: l.layout,
      installedBytesRatioToTwilio: l.installedBytesRatioToTwilio,
      bundleGzipRatioToDual: l.bundleGzipRatioToDual,
    }));
    const name = {
      'esm-require-shim': 'as shipped: ESM build, `require(esm)` shims',
      dual: 'separate ESM and CJS builds (shipped before)',
      'cjs-esm-wrapper': 'CJS build, ES module wrappers',
    };
    sections.push(`### What the JavaScript layout costs (\`bench/layout-variants.mjs\`)

@org/twilio-client and @org/core as shipped, with one copy of their JavaScript, against the same sources built with separate ESM and CJS copies (\`ORG_BUILD_CJS=1\`) and against the CJS copy alone behind ES module wrappers; each layout first sent a request through \`import\` and through \`require\`. Cold import: median of ${layouts.importRuns} processes each. The shipped layout needs require(esm) for \`require\`: Node 20.19+ or 22.12+, and Jest's CommonJS runtime only from Node 24.9 (jestjs/jest#15716; README "Module formats").

${table(
  [
    'layout',
    'installed with deps',
    '/ twilio (target <= 0.05)',
    'import ms',
    'require ms',
    '"send one SMS" gzip',
  ],
  layouts.layouts.map((l) => [
    name[l.layout] ?? l.layout,
    kib(l.installedBytes),
    `${l.installedBytesRatioToTwilio.toFixed(4)}: ${met(l.installedSizeMet)}`,
    String(l.importMs ?? '–'),
    String(l.requireMs ?? '–'),
    `${kib(l.bundleGzipBytes)} (${x(l.bundleGzipRatioToDual)})`,
  ]),
)}`);
  }
  const budgets = existsSync(new URL('./budgets.json', import.meta.url))
    ? JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'))
    : { packages: {} };
  const rows = footprint.packages.map((p) => {
    const budget = budgets.packages[p.name] ?? {};
    const show = (value, limit, format) =>
      `${format(value)}${limit === undefined ? '' : ` / ${format(limit)}`}`;
    return [
      p.name,
      show(p.packedBytes, budget.packedBytes, kib),
      show(p.installedBytes, budget.installedBytes, kib),
      show(p.coldImportRatio, budget.coldImportRatio, (v) => x(v)),
      p.smsAppBundleGzipBytes === undefined
        ? '–'
        : show(p.smsAppBundleGzipBytes, budget.smsAppBundleGzipBytes, kib),
    ];
  });
  sections.push(`### Budgets per published package

Measured / budget (\`bench/budgets.json\`); a figure more than 10% over its budget fails \`node bench/check-budgets.mjs\` (run by \`pnpm bench\`), and sizes also fail \`bench/test/budgets.test.ts\` in \`pnpm test\`.${footprint.skipped?.length ? ` Not measured (not built): ${footprint.skipped.map((s) => s.name).join(', ')}.` : ''}

${table(['package', 'packed', 'installed with deps', 'cold import / bare node', '"send one SMS" gzip'], rows)}${
  budgets.notes
    ? `\n\n${Object.entries(budgets.notes)
        .map(([name, note]) => `- ${name}: ${note}`)
        .join('\n')}`
    : ''
}`);
}

if (quota) {
  summary.quota = quota.results.map((r) => ({
    client: r.client,
    utilization: r.utilization,
    tooManyRequests: r.tooManyRequests,
  }));
  sections.push(`### Quota utilization

A loopback vendor allowing ${quota.results[0]?.quotaPerSecond} requests per one-second window (429 + \`Retry-After: 1\` beyond), ${quota.loops} loops creating messages at once for ${quota.results[0]?.seconds} s, one process, in-process limiter. Utilization: requests the server accepted over what the quota allows.

${table(
  ['client', 'utilization', '429s sent'],
  quota.results.map((r) => [
    r.client,
    `${(r.utilization * 100).toFixed(1)}%`,
    String(r.tooManyRequests),
  ]),
)}`);
}

if (webhooks) {
  const rows = [];
  for (const scheme of [...new Set(webhooks.results.map((r) => r.scheme))]) {
    const at = webhooks.results.filter((r) => r.scheme === scheme && r.bodyBytes === 1024);
    const ours = at.find((r) => r.kind === 'ours');
    if (!ours) continue;
    const others = at.filter((r) => r.kind === 'other');
    rows.push([
      scheme,
      ours.opsPerSec.toLocaleString('en'),
      ours.vsRawScheme === undefined ? '–' : x(ours.vsRawScheme),
      others.length ? others.map((o) => `${o.implementation} ${x(o.vsRawScheme)}`).join(', ') : '–',
    ]);
  }
  summary.webhooks = rows.map(([scheme, ops, ratio]) => ({ scheme, ops, ratio }));
  sections.push(`### Webhook verification

\`bench/webhooks.mjs\`: verifications per CPU-second with a 1 KB body (median of ${webhooks.rounds} rounds), as a ratio to the scheme hand-written on \`node:crypto\`.

${table(['scheme', '@org/core ops/s', '@org/core / hand-written', 'others / hand-written'], rows)}`);
}

if (codegen) {
  const g = codegen.generation;
  const t6 = codegen.consumerTypeCheck.tsc6;
  const t7 = codegen.consumerTypeCheck.tsc7;
  const rows = [
    [
      'generate types',
      `${g.codegen.seconds} s, ${g.codegen.peakRssMiB} MiB`,
      `${g.plainOpenapiTypescript.seconds} s, ${g.plainOpenapiTypescript.peakRssMiB} MiB`,
    ],
    [
      'consumer type-check, tsc 6',
      `${t6.codegen.wallSeconds} s, ${t6.codegen.peakRssMiB} MiB`,
      `${t6.plain.wallSeconds} s, ${t6.plain.peakRssMiB} MiB`,
    ],
  ];
  if (t7?.codegen?.ok)
    rows.push([
      'consumer type-check, tsc 7',
      `${t7.codegen.wallSeconds} s, ${t7.codegen.peakRssMiB} MiB`,
      `${t7.plain.wallSeconds} s, ${t7.plain.peakRssMiB} MiB`,
    ]);
  summary.codegen = {
    generationRatio: g.codegen.seconds / g.plainOpenapiTypescript.seconds,
    typeCheckRatio: t6.codegen.wallSeconds / t6.plain.wallSeconds,
  };
  sections.push(`### Codegen on the biggest spec

\`bench/codegen-github.mjs\`: the GitHub REST spec (${codegen.spec.operations} operations, ${mib(codegen.spec.bytes)}); wall time and peak RSS, median of runs.

${table(['', '@org/codegen', 'plain openapi-typescript'], rows)}`);
}

const started = run?.startedAt ? new Date(run.startedAt) : new Date();
const load = run?.loadavgStart
  ? `${run.loadavgStart.map((l) => l.toFixed(1)).join(', ')} at the start`
  : loadavg()
      .map((l) => l.toFixed(1))
      .join(', ');
const section = `## Performance

The last \`pnpm bench\` run (${started.toISOString().slice(0, 10)}): Node ${process.version}, ${availableParallelism()} × ${cpuModel} (nproc ${availableParallelism()}), load average ${load}; the machine was shared with other work, so every comparison runs interleaved in the same run and reports medians and ratios, not absolute times. Reproduce with:

\`\`\`sh
pnpm bench                      # builds, runs every suite, checks budgets, rewrites this section
node bench/run.mjs pipeline     # one suite (pipeline, pipeline-overhead, footprint, quota, webhooks, codegen-github, ...)
\`\`\`

Results: \`bench/results/*.json\`; how each figure is taken: \`bench/README.md\`.

${sections.join('\n\n')}
`;

writeFileSync(new URL('./summary.json', results), `${JSON.stringify(summary, null, 2)}\n`);
if (process.argv.includes('--readme')) {
  const text = readFileSync(readme, 'utf8');
  const at = text.search(/^## Performance\s*$/m);
  if (at === -1) {
    writeFileSync(readme, `${text.trimEnd()}\n\n${section}`);
  } else {
    // Replace the section up to the next second-level heading (or the end).
    const rest = text.slice(at + 1);
    const next = rest.search(/^## /m);
    const after = next === -1 ? '' : `\n${rest.slice(next)}`;
    writeFileSync(readme, `${text.slice(0, at)}${section}${after}`);
  }
  console.log('rewrote the Performance section of README.md');
} else {
  console.log(section);
}

/** A difference with its sign: +12, −40, 0. */
function signed(value, digits) {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return value < 0 ? `−${text}` : `+${text}`;
}
