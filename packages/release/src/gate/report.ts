import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * `.reports/conformance/<pack-id>.json` as `pnpm conformance` writes it (the
 * contract with @org/conformance). Unknown fields are allowed: the report
 * only ever gains fields.
 */
export const packReportSchema = z.looseObject({
  pack: z.string(),
  npm: z.string(),
  version: z.string(),
  specSha256: z.string(),
  generatedAt: z.iso.datetime({ offset: true }),
  profile: z.string(),
  passed: z.boolean(),
  scenarios: z.array(
    z.looseObject({
      id: z.string(),
      title: z.string(),
      required: z.boolean(),
      waived: z.looseObject({ reason: z.string() }).optional(),
      result: z.enum(['pass', 'fail', 'waived', 'skipped']),
      durationMs: z.number(),
      details: z.string().optional(),
    }),
  ),
});

export type PackReport = z.infer<typeof packReportSchema>;

export type ReportRead =
  | { readonly ok: true; readonly report: PackReport }
  | { readonly ok: false; readonly problem: string };

/** Reads and validates one report; a missing or malformed file is a reason to hold, not a crash. */
export function readReport(file: string, display: string): ReportRead {
  if (!existsSync(file)) return { ok: false, problem: `no conformance report at ${display}` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problem: `${display} is not JSON (${(error as Error).message})` };
  }
  const parsed = packReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      problem: `${display} is not a conformance report: ${issue.path.join('.') || '(root)'} ${issue.message}`,
    };
  }
  return { ok: true, report: parsed.data };
}
