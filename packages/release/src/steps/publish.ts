import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ReleaseError } from '../errors.js';
import { missingEntryPoints } from '../gate/built.js';
import { hold, holdDependents, type PlanEntry } from '../gate/plan.js';
import { git, gitText } from '../git.js';
import type { ReleaseOptions } from '../options.js';
import { renderTable } from '../table.js';
import { listPublishable, type WorkspacePackage } from '../workspace/packages.js';
import { listPacks } from '../workspace/packs.js';
import { certifyPacks, testLibraries } from './checks.js';
import { pnpm } from './pnpm.js';
import { isPublished } from './registry.js';

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
      `release: ${bad.length} package(s) not released: ${bad.map((entry) => entry.name).join(', ')} (reasons in the table; summary in ${options.dryRun ? '.reports/dry-run/release/summary.json' : display(options.root, summary)})`,
    );
    return 1;
  }
  return 0;
}

function display(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file : rel;
}
