import { join, relative } from 'node:path';
import { ReleaseError } from '../errors.js';
import { checkCertification } from '../gate/certification.js';
import { hold, type PlanEntry } from '../gate/plan.js';
import { readReport } from '../gate/report.js';
import { checkSpecBumps, describeSpecBumps } from '../gate/spec-bumps.js';
import { gitText } from '../git.js';
import type { ReleaseOptions } from '../options.js';
import type { WorkspacePackage } from '../workspace/packages.js';
import type { PackInfo } from '../workspace/packs.js';
import { hasRootScript, pnpm } from './pnpm.js';

/** The conformance profile a release certification must have run. */
export const RELEASE_PROFILE = 'full';

/** Runs each library package's own test suite; a failure holds that package. */
export async function testLibraries(
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

/**
 * Runs `pnpm conformance --profile full` (unless an earlier step did), then
 * holds every pack whose report does not certify its exact version and spec,
 * whose spec folder is uncommitted when it is about to be tagged, or whose
 * version does not cover its spec changes since the last release.
 */
export async function certifyPacks(
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
    options.gitRoot,
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

function display(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file : rel;
}
