import type { PackReport, ReportRead } from './report.js';

export interface CertificationInput {
  readonly id: string;
  readonly npm: string;
  /** The version about to be published (package.json after `changeset version`). */
  readonly version: string;
  /** The sha256 specs/<id>/SOURCE.yaml records. */
  readonly sourceSha256: string;
  /** The sha256 of the spec file's bytes now; differs from SOURCE only if someone skipped codegen. */
  readonly fileSha256: string;
  readonly read: ReportRead;
  /** The profile a release certification must use. */
  readonly profile: string;
  /** Reports older than this were left by an earlier run (ISO time); optional. */
  readonly notBefore?: string;
}

export interface Certification {
  /** Empty when the pack may be published. */
  readonly reasons: readonly string[];
  /** What the table shows for a pack that passes (waivers). */
  readonly notes: readonly string[];
}

/**
 * Whether a conformance report certifies exactly what is about to be
 * published: this pack, this version, this spec, the full profile, and no
 * required scenario failed or left out. Every reason is listed, so one run
 * shows everything to fix.
 */
export function checkCertification(input: CertificationInput): Certification {
  const rerun = `run \`pnpm conformance --profile full\``;
  if (input.fileSha256 !== input.sourceSha256) {
    return {
      reasons: [
        `specs/${input.id} spec file hashes to ${short(input.fileSha256)}, SOURCE.yaml records ${short(input.sourceSha256)}: update SOURCE.yaml and run \`pnpm codegen\``,
      ],
      notes: [],
    };
  }
  if (!input.read.ok) return { reasons: [`${input.read.problem}: ${rerun}`], notes: [] };
  const report: PackReport = input.read.report;
  const reasons: string[] = [];
  if (report.pack !== input.id || report.npm !== input.npm)
    reasons.push(`report is for ${report.pack} (${report.npm}), not ${input.id} (${input.npm})`);
  if (report.version !== input.version)
    reasons.push(
      `stale report: it certifies version ${report.version}, the package is ${input.version}; ${rerun}`,
    );
  if (report.specSha256 !== input.sourceSha256)
    reasons.push(
      `stale report: it certifies spec ${short(report.specSha256)}, SOURCE.yaml records ${short(input.sourceSha256)}; ${rerun}`,
    );
  if (report.profile !== input.profile)
    reasons.push(`report ran profile "${report.profile}"; a release needs "${input.profile}"`);
  if (input.notBefore && Date.parse(report.generatedAt) < Date.parse(input.notBefore))
    reasons.push(
      `stale report: written ${report.generatedAt}, before this release's conformance run`,
    );
  const failed = report.scenarios.filter((s) => s.required && s.result === 'fail');
  if (failed.length > 0)
    reasons.push(`failed required scenario(s): ${failed.map(describeScenario).join('; ')}`);
  const skipped = report.scenarios.filter((s) => s.required && s.result === 'skipped');
  if (skipped.length > 0)
    reasons.push(`required scenario(s) not run: ${skipped.map(describeScenario).join('; ')}`);
  if (!report.passed && failed.length === 0)
    reasons.push('report says it did not pass, though no required scenario is marked failed');
  if (report.passed && failed.length > 0)
    reasons.push(
      'report says it passed, yet required scenarios failed: the report is inconsistent',
    );
  const waived = report.scenarios.filter((s) => s.result === 'waived' || s.waived);
  const notes = waived.length
    ? [
        `${waived.length} waived: ${waived.map((s) => `${s.id} (${s.waived?.reason ?? 'no reason given'})`).join('; ')}`,
      ]
    : [];
  return { reasons, notes };
}

function describeScenario(scenario: PackReport['scenarios'][number]): string {
  const details = scenario.details?.split('\n')[0]?.slice(0, 160);
  return details ? `${scenario.id} (${details})` : scenario.id;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
