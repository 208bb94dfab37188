import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { listPublishablePackages, ModuleFormat, NodeRuntime } from '@org/test-utils/packaging';
import type { PackUnderTest } from '../pack/types.js';
import { diffSurface, packageSurface } from '../packaging/api-surface.js';
import { pendingBumps } from '../packaging/changesets.js';
import { readSnapshot, writeSnapshot } from '../packaging/snapshot.js';
import { statusOf } from '../simulator/bodies.js';
import type { Route } from '../simulator/routes.js';
import { credentialOptions } from './support/canary.js';
import { Findings, guarded } from './support/findings.js';
import { type CallArgs, callArgs, pickTarget } from './support/operations.js';
import type { Scenario, ScenarioContext } from './types.js';

const FORMATS: readonly ModuleFormat[] = ['esm', 'cjs'];

/**
 * The pack's package as users receive it: packed with the pinned pnpm
 * (workspace dependencies packed beside it), its manifest contract, publint
 * and are-the-types-wrong on the tarball, installed outside the workspace,
 * then imported as ESM and required as CJS on each Node the packages
 * support, making one real call to the simulator through its factory. Its
 * public API surface (.d.ts) is compared with the accepted snapshot: a break
 * needs a major changeset (or a major version) for the package.
 */
export const packagingScenario: Scenario = {
  id: 'packaging',
  title: 'Packaging: publint, attw, ESM + CJS import, API surface',
  async run(ctx) {
    const findings = new Findings();
    await guarded(findings, 'API surface', async () => surface(ctx, findings));
    const work = mkdtempSync(join(tmpdir(), 'conformance-packaging-'));
    try {
      await guarded(findings, 'tarball', () => tarball(ctx, findings, work));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return findings.outcome({}, 'tarball clean, imported as ESM and CJS, API surface unbroken');
  },
};

async function tarball(ctx: ScenarioContext, findings: Findings, work: string): Promise<void> {
  // Loaded on use: publint and are-the-types-wrong are ESM-only and heavy, and
  // nothing else of this package needs them.
  const {
    checkManifest,
    inspectTarball,
    installTarballs,
    packPackage,
    runAttw,
    listPublishablePackages,
    runPublint,
    runSmoke,
    writeSmokeScripts,
  } = await import('@org/test-utils/packaging');
  const pack = ctx.pack;
  const closure = workspaceClosure(ctx.root, pack.npm, listPublishablePackages);
  const tarballs = await Promise.all(
    closure.map((pkg) => packPackage(pkg.dir, join(work, 'tarballs'))),
  );
  const main = inspectTarball(tarballs[0] as string);
  const problems = checkManifest(main.manifest, main.files);
  for (const problem of problems) findings.fail(`manifest: ${problem.where}: ${problem.message}`);
  const [publint, attw] = await Promise.all([runPublint(main.tarball), runAttw(main.tarball)]);
  for (const problem of publint.problems) findings.fail(`publint: ${problem.message}`);
  for (const problem of attw.problems) findings.fail(`attw: ${problem.message}`);
  findings.checks += 2;
  const app = await installTarballs(tarballs, join(work, 'app'), { workspaceRoot: ctx.root });
  const installed = app.packages.find((pkg) => pkg.name === pack.npm);
  if (!installed) throw new Error(`${pack.npm} is missing from the installed app`);
  const simulator = await ctx.simulator();
  const route = pickTarget(pack, simulator);
  const scripts = writeSmokeScripts(
    app.dir,
    installed,
    smokeCall(pack, ctx, route, callArgs(pack.document, route)),
  );
  const runs = await Promise.all(
    (await runtimes(ctx.root)).flatMap((runtime) =>
      FORMATS.map((format) =>
        runSmoke({
          runtime,
          format,
          script: scripts[format],
          cwd: app.dir,
          url: simulator.url,
          tag: `${runtime.label}-${format}`,
        }),
      ),
    ),
  );
  for (const run of runs) {
    const where = `${run.format.toUpperCase()} on ${run.runtime.label} (${run.runtime.version})`;
    if (!findings.expect(run.failure === undefined, `${where}: ${firstError(run.failure)}`))
      continue;
    findings.expect(
      run.report?.call.status === statusOf(route.success.status),
      `${where}: the call through ${pack.factoryName} answered ${run.report?.call.status}`,
    );
  }
  const problemsAtSimulator = simulator.violations.map((v) => v.problem);
  findings.expect(
    problemsAtSimulator.length === 0,
    `installed client sent off-spec requests: ${problemsAtSimulator.join('; ')}`,
  );
  if (findings.failures.length === 0)
    findings.note(
      `tarball clean (manifest, publint, attw); imported as ESM and CJS on ${runs
        .map((r) => r.runtime.label)
        .filter((v, i, a) => a.indexOf(v) === i)
        .join(' and ')}, one call each`,
    );
}

/** The API surface of the built .d.ts against `<snapshots>/<pack>.api.json`. */
function surface(ctx: ScenarioContext, findings: Findings): void {
  const pack = ctx.pack;
  const current = packageSurface(pack.packageDir);
  const file = join(ctx.snapshots.dir, `${pack.id}.api.json`);
  const accepted = readSnapshot(file);
  if (!accepted || ctx.snapshots.update) {
    writeSnapshot(file, { package: pack.npm, version: pack.version, surface: current });
    findings.note(
      `API surface: ${Object.keys(current).length} entries ${accepted ? 'rewritten' : 'recorded (first run)'}`,
    );
    findings.checks++;
    return;
  }
  const diff = diffSurface(accepted.surface, current);
  const breaks = [
    ...diff.removed.map((k) => `removed ${k}`),
    ...diff.changed.map((k) => `changed ${k}`),
  ];
  // SemVer §4: before 1.0.0 a breaking change is a minor bump (changesets turns a major into 1.0.0).
  const needed = majorOf(accepted.version) === 0 ? ['major', 'minor'] : ['major'];
  const major =
    pendingBumps(join(ctx.root, '.changeset'), pack.npm).some((bump) => needed.includes(bump)) ||
    bumpedPast(pack.version, accepted.version);
  if (breaks.length > 0 && !major) {
    findings.fail(
      `API surface break without a ${needed.join(' or ')} changeset for ${pack.npm}: ${breaks.slice(0, 8).join(', ')}${breaks.length > 8 ? ', …' : ''}. Add that changeset, or restore the API; accept an intended change with --update-snapshots.`,
    );
    return;
  }
  findings.checks++;
  findings.note(
    `API surface: ${Object.keys(current).length} entries; ${breaks.length} breaking${breaks.length ? ' (major changeset pending)' : ''}, ${diff.added.length} added`,
  );
}

/** The package and every workspace package it depends on or peers with, itself first: they are packed together. */
function workspaceClosure(root: string, name: string, list: typeof listPublishablePackages) {
  const packages = new Map(list(root).map((pkg) => [pkg.name, pkg]));
  const order: string[] = [];
  const visit = (current: string) => {
    if (order.includes(current) || !packages.has(current)) return;
    order.push(current);
    // Peers too, optional ones included: a subpath may need one (an adapter entry), and the
    // smoke imports every subpath, as a user who opted in would.
    const manifest = packages.get(current)?.manifest;
    for (const dep of Object.keys({ ...manifest?.dependencies, ...manifest?.peerDependencies }))
      visit(dep);
  };
  visit(name);
  if (order.length === 0) throw new Error(`${name} is not a publishable workspace package`);
  return order.map((pkg) => packages.get(pkg) as NonNullable<ReturnType<typeof packages.get>>);
}

/** The workspace's Node and, when installed, the oldest supported one (Node 20). */
async function runtimes(root: string): Promise<NodeRuntime[]> {
  const { findSystemNode20, findWorkspaceNode } = await import('@org/test-utils/packaging');
  const found: NodeRuntime[] = [];
  try {
    found.push(findSystemNode20());
  } catch {
    // Only the workspace's Node on this machine: the check still covers ESM and CJS.
  }
  found.push(findWorkspaceNode(root));
  return found;
}

/** One call of the target operation through the installed package's factory, credentials in the pack's shape. */
function smokeCall(
  pack: PackUnderTest,
  ctx: ScenarioContext,
  route: Route,
  args: CallArgs,
): string {
  const init = {
    params: { path: args.path, query: args.query },
    ...(args.body === undefined ? {} : { body: args.body }),
  };
  return `
  const root = await load(name);
  const client = root[${JSON.stringify(pack.factoryName)}]({ baseUrl: url, retry: false, ...${JSON.stringify(credentialOptions(pack.pack, ctx.canary))} });
  const { data, error, response } = await client[${JSON.stringify(route.method)}](${JSON.stringify(route.template)}, { ...${JSON.stringify(init)}, headers });
  return { via: ${JSON.stringify(pack.factoryName)}, status: response.status, body: JSON.stringify(data ?? error ?? null) };
`;
}

/** The line of a failed run that says what went wrong (Node prints the stack position first). */
function firstError(failure: string | undefined): string {
  const lines = (failure ?? '').split('\n').map((line) => line.trim());
  return (
    lines.find((line) => /^(\w*Error|Error \[|.*Cannot find)/.test(line)) ??
    lines.slice(0, 3).join(' | ')
  );
}

function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

/** Whether `version` is already a breaking release after `accepted` (a new major, or a new minor in 0.x). */
function bumpedPast(version: string, accepted: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [oldMajor = 0, oldMinor = 0] = accepted.split('.').map(Number);
  return major > oldMajor || (oldMajor === 0 && major === 0 && minor > oldMinor);
}
