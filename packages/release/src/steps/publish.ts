import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ReleaseError } from '../errors.js';
import { missingEntryPoints } from '../gate/built.js';
import { checkCertification } from '../gate/certification.js';
import { holdDependents, type PlanEntry } from '../gate/plan.js';
import { readReport } from '../gate/report.js';
import { checkSpecBumps, describeSpecBumps } from '../gate/spec-bumps.js';
import { git, gitText } from '../git.js';
import type { ReleaseOptions } from '../options.js';
import { renderTable } from '../table.js';
import { listPublishable, type WorkspacePackage } from '../workspace/packages.js';
import { listPacks, type PackInfo } from '../workspace/packs.js';
import { hasRootScript, pnpm } from './pnpm.js';
import { isPublished } from './registry.js';

/** The conformance profile a release certification must have run. */
export const RELEASE_PROFILE = 'full';

/**
 * Builds, tests the library packages, runs conformance, then publishes only
 * what passed: a pack needs a passing report for its exact version and spec
 * sha256 and a version bump that covers its spec changes since the last
 * release; a library package (@org/core, @org/capabilities,
 * @org/conformance) needs its own test suite to pass. Anything whose
 * workspace dependency is held is held too. Resolves to the exit code: 0
 * when every selected package went out (or already was), 1 when any was
 * held back or failed to publish.
 */
export async function runPublishStep(options: ReleaseOptions): Promise<number> {
  const { root, out } = options;
  const packages = listPublishable(root);
  const packs = new Map((await listPacks(root)).map((pack) => [pack.npm, pack]));
  const selected = options.only.length ? new Set(options.only) : undefined;
  for (const name of selected ?? []) {
    if (!packages.some((pkg) => pkg.name === name))
      throw new ReleaseError(`--only ${name}: no publishable workspace package has that name`);
  }

  const onRegistry = new Set<string>();
  await Promise.all(
    packages.map(async (pkg) => {
      if (await isPublished(root, pkg.name, pkg.version, options.env))
        onRegistry.add(`${pkg.name}@${pkg.version}`);
    }),
  );
  const entries: PlanEntry[] = packages.map((pkg) => ({
    name: pkg.name,
    version: pkg.version,
    kind: packs.has(pkg.name) ? 'pack' : 'library',
    needs: pkg.needs,
    status: onRegistry.has(`${pkg.name}@${pkg.version}`)
      ? 'already-published'
      : selected && !selected.has(pkg.name)
        ? 'not-selected'
        : 'publish',
    reasons: [],
    notes: [],
  }));
  const candidates = packages.filter((_, i) => entries[i]!.status === 'publish');
  if (candidates.length === 0) {
    out('release: every selected package is already on the registry at its version');
    return finish(options, entries);
  }
  out(
    `release: ${candidates.length} package(s) to release: ${candidates.map((p) => `${p.name}@${p.version}`).join(', ')}`,
  );

  if (options.skipBuild) out('release: build skipped (--skip-build)');
  else
    await step(
      options,
      'build',
      ['-r', ...candidates.flatMap((p) => ['--filter', p.name]), 'run', 'build'],
      600_000,
    );

  const entryOf = (name: string) => entries.find((entry) => entry.name === name)!;
  for (const pkg of candidates) {
    const missing = missingEntryPoints(pkg.dir, pkg.manifest);
    if (missing.length)
      hold(
        entryOf(pkg.name),
        `not built: ${missing.slice(0, 3).join(', ')} missing; run pnpm build`,
      );
  }

  await testLibraries(
    options,
    candidates.filter((pkg) => !packs.has(pkg.name)),
    entryOf,
  );
  const packCandidates = candidates.filter((pkg) => packs.has(pkg.name));
  if (packCandidates.length > 0) await certifyPacks(options, packCandidates, packs, entryOf);

  holdDependents(entries, onRegistry);
  await publishAll(options, entries, packages, onRegistry);
  return finish(options, entries);
}

async function testLibraries(
  options: ReleaseOptions,
  libraries: readonly WorkspacePackage[],
  entryOf: (name: string) => PlanEntry,
): Promise<void> {
  for (const pkg of libraries) {
    const entry = entryOf(pkg.name);
    if (options.skipTests) {
      entry.notes.push('tests not run here (--skip-tests)');
      continue;
    }
    options.out(`release: testing ${pkg.name}`);
    const result = await pnpm(options.root, ['--filter', pkg.name, 'exec', 'vitest', 'run'], {
      cwd: options.root,
      env: options.env,
      inherit: true,
      timeoutMs: 900_000,
    });
    if (result.code !== 0)
      hold(
        entry,
        result.timedOut
          ? 'tests timed out after 15 min'
          : `tests failed (exit ${result.code}); see the output above`,
      );
  }
}

async function certifyPacks(
  options: ReleaseOptions,
  candidates: readonly WorkspacePackage[],
  packs: ReadonlyMap<string, PackInfo>,
  entryOf: (name: string) => PlanEntry,
): Promise<void> {
  const { root, out } = options;
  let notBefore: string | undefined;
  if (options.skipConformance) {
    out(
      `release: conformance not run (--skip-conformance); reading reports in ${display(root, options.reportsDir)}`,
    );
  } else {
    if (!hasRootScript(root, 'conformance')) {
      throw new ReleaseError(
        'the root package.json has no "conformance" script, so no pack can be certified; add it (pnpm conformance runs @org/conformance), or pass --skip-conformance with reports from an earlier run',
      );
    }
    notBefore = new Date(Date.now() - 1000).toISOString();
    out(`release: pnpm conformance --profile ${RELEASE_PROFILE}`);
    // A non-zero exit means some pack failed; each pack's report says which.
    const result = await pnpm(root, ['run', 'conformance', '--profile', RELEASE_PROFILE], {
      cwd: root,
      env: options.env,
      inherit: true,
      timeoutMs: 1_800_000,
    });
    if (result.timedOut) out('release: conformance timed out after 30 min; reports may be missing');
  }

  const specGate = await checkSpecBumps(
    root,
    candidates.map((pkg) => packs.get(pkg.name)!),
    new Map(candidates.map((pkg) => [pkg.name, pkg.version])),
    new Map(),
  );
  for (const line of describeSpecBumps(specGate)) out(`  ${line}`);
  for (const pkg of candidates) {
    const pack = packs.get(pkg.name)!;
    const entry = entryOf(pkg.name);
    const file = join(options.reportsDir, `${pack.id}.json`);
    const verdict = checkCertification({
      id: pack.id,
      npm: pack.npm,
      version: pkg.version,
      sourceSha256: pack.sourceSha256,
      fileSha256: pack.fileSha256,
      read: readReport(file, display(root, file)),
      profile: RELEASE_PROFILE,
      ...(notBefore ? { notBefore } : {}),
    });
    for (const reason of verdict.reasons) hold(entry, reason);
    entry.notes.push(...verdict.notes);
    if (options.gitTag && !options.dryRun) {
      // The release tag is how the next release finds this spec: it must be in the tagged commit.
      const dirty = (await gitText(root, ['status', '--porcelain', '--', pack.specDir])).trim();
      if (dirty)
        hold(
          entry,
          `${pack.specDir} has uncommitted changes; commit them so the release tag holds the released spec`,
        );
    }
    const bump = specGate.find((check) => check.pack.npm === pkg.name);
    if (bump && !bump.ok)
      hold(
        entry,
        `spec changes since ${bump.released?.tag} need a ${bump.required} release, the version moved ${bump.declared}`,
      );
  }
}

async function publishAll(
  options: ReleaseOptions,
  entries: PlanEntry[],
  packages: readonly WorkspacePackage[],
  onRegistry: ReadonlySet<string>,
): Promise<void> {
  const { root, out } = options;
  // `entries` is in dependency order, so a package goes out after what it needs.
  for (const entry of entries) {
    holdDependents(entries, onRegistry);
    if (entry.status !== 'publish') continue;
    const args = ['publish', '--filter', entry.name, '--no-git-checks', '--access', 'public'];
    if (options.dryRun) args.push('--dry-run');
    out(`release: ${options.dryRun ? 'dry run: ' : ''}pnpm ${args.join(' ')}`);
    const result = await pnpm(root, args, {
      cwd: root,
      env: { ...options.env, npm_config_update_notifier: 'false' },
      timeoutMs: 300_000,
    });
    if (result.code !== 0) {
      entry.status = 'failed';
      const said = (result.stderr || result.stdout).trim().split('\n').slice(-4).join(' | ');
      entry.reasons.push(
        result.timedOut ? 'pnpm publish timed out after 5 min' : `pnpm publish failed: ${said}`,
      );
      continue;
    }
    entry.status = options.dryRun ? 'dry-run' : 'published';
    if (!options.dryRun && options.gitTag) await tag(options, entry, packages);
  }
}

/**
 * Tags the commit the package was published from `<name>@<version>`, the
 * name changesets uses; the spec diff finds the released spec through it.
 * The "New tag:" line is what changesets/action reads to push tags and
 * create GitHub releases.
 */
async function tag(
  options: ReleaseOptions,
  entry: PlanEntry,
  packages: readonly WorkspacePackage[],
): Promise<void> {
  const name = `${entry.name}@${entry.version}`;
  const existing = (await gitText(options.root, ['tag', '--list', name])).trim();
  if (existing) return;
  const pkg = packages.find((p) => p.name === entry.name)!;
  const dirty = (await gitText(options.root, ['status', '--porcelain', '--', pkg.path])).trim();
  if (dirty)
    entry.notes.push(
      `tagged HEAD; ${pkg.path} has uncommitted changes (the version bump?): commit them`,
    );
  await git(options.root, ['tag', name]);
  options.out(`New tag: ${name}`);
}

/** A step every package needs (the build): its failure stops the release before anything is published. */
async function step(
  options: ReleaseOptions,
  what: string,
  args: string[],
  timeoutMs: number,
): Promise<void> {
  options.out(`release: pnpm ${args.join(' ')}`);
  const result = await pnpm(options.root, args, {
    cwd: options.root,
    env: options.env,
    inherit: true,
    timeoutMs,
  });
  if (result.code !== 0)
    throw new ReleaseError(
      `${what} failed (${result.timedOut ? `timed out after ${timeoutMs / 60_000} min` : `exit ${result.code}`}); nothing was published, see the output above`,
    );
}

function hold(entry: PlanEntry, reason: string): void {
  entry.status = 'held';
  entry.reasons.push(reason);
}

function finish(options: ReleaseOptions, entries: readonly PlanEntry[]): number {
  for (const line of renderTable(entries)) options.out(line);
  const summary = join(options.root, '.reports', 'release', 'summary.json');
  mkdirSync(join(options.root, '.reports', 'release'), { recursive: true });
  writeFileSync(
    summary,
    `${JSON.stringify({ dryRun: options.dryRun, generatedAt: new Date().toISOString(), packages: entries }, null, 2)}\n`,
  );
  const bad = entries.filter((entry) => entry.status === 'held' || entry.status === 'failed');
  if (bad.length > 0) {
    options.err(
      `release: ${bad.length} package(s) not released: ${bad.map((entry) => entry.name).join(', ')} (reasons in the table; summary in ${display(options.root, summary)})`,
    );
    return 1;
  }
  return 0;
}

function display(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file : rel;
}
