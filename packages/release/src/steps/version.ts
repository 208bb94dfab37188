import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPendingBumps } from '../changesets/pending.js';
import { ReleaseError } from '../errors.js';
import { checkSpecBumps, describeSpecBumps } from '../gate/spec-bumps.js';
import type { ReleaseOptions } from '../options.js';
import { listPublishable } from '../workspace/packages.js';
import { listPacks } from '../workspace/packs.js';
import { pnpm } from './pnpm.js';

/**
 * The spec gate, then `changeset version`, then codegen. The gate runs first
 * because `changeset version` consumes the changesets it reads. Resolves to
 * the exit code: 1 when a pack's pending bump is below what its spec changes
 * need (nothing is changed then).
 */
export async function runVersionStep(options: ReleaseOptions): Promise<number> {
  const ok = await runSpecGate(options);
  if (!ok) return 1;
  const { root, out } = options;
  if (changesetFiles(root).length === 0) {
    out('release: no pending changesets, versions stay as they are');
  } else {
    out('release: changeset version');
    const before = new Map(listPublishable(root).map((pkg) => [pkg.name, pkg.version]));
    const result = await pnpm(root, ['exec', 'changeset', 'version'], {
      cwd: root,
      env: options.env,
      inherit: true,
      timeoutMs: 300_000,
    });
    if (result.code !== 0)
      throw new ReleaseError(
        `changeset version failed (exit ${result.code}); see its output above`,
      );
    for (const pkg of listPublishable(root)) {
      const was = before.get(pkg.name);
      if (was !== pkg.version) out(`release: ${pkg.name} ${was ?? '(new)'} -> ${pkg.version}`);
    }
  }
  if (options.skipCodegen) {
    out('release: codegen skipped (--skip-codegen)');
    return 0;
  }
  out('release: pnpm codegen');
  const result = await pnpm(root, ['run', 'codegen'], {
    cwd: root,
    env: options.env,
    inherit: true,
    timeoutMs: 600_000,
  });
  if (result.code !== 0)
    throw new ReleaseError(`pnpm codegen failed (exit ${result.code}); see its output above`);
  return 0;
}

/** Diffs every pack's spec against its last release and prints the verdicts; false when a bump is too low. */
export async function runSpecGate(options: ReleaseOptions): Promise<boolean> {
  const { root, out, err } = options;
  const packs = await listPacks(root);
  const versions = new Map(listPublishable(root).map((pkg) => [pkg.name, pkg.version]));
  const checks = await checkSpecBumps(
    root,
    options.gitRoot,
    packs,
    versions,
    readPendingBumps(root),
  );
  out("release: spec diff against each pack's last release (git tag <name>@<version>)");
  for (const line of describeSpecBumps(checks)) out(`  ${line}`);
  const failing = checks.filter((check) => !check.ok);
  if (failing.length > 0) {
    err(
      `release: ${failing.map((check) => check.pack.npm).join(', ')}: the pending version bump is lower than the spec changes need; nothing was versioned`,
    );
    return false;
  }
  return true;
}

function changesetFiles(root: string): string[] {
  const dir = join(root, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(
    (name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md',
  );
}
