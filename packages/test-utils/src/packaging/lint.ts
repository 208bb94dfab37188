import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describeRun, run } from './exec.js';

export interface LintFinding {
  rule: string;
  message: string;
}

export interface LintReport {
  /** Findings that fail the package. */
  problems: LintFinding[];
  /** Findings deliberately not counted, each with the reason. */
  ignored: Array<LintFinding & { reason: string }>;
}

/**
 * publint on the tarball bytes (not the source folder), so it sees exactly
 * the published file list. Every message counts, suggestions included: they
 * are cheap to fix and a clean report stays meaningful.
 */
export async function runPublint(tarball: string): Promise<LintReport> {
  const bytes = readFileSync(tarball);
  const tarballBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({
    pack: { tarball: tarballBuffer },
    level: 'suggestion',
    strict: true,
  });
  return {
    problems: messages.map((message) => ({
      rule: message.code,
      message: `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`,
    })),
    ignored: [],
  };
}

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
  [key: string]: unknown;
}

/**
 * are-the-types-wrong on the tarball with its strictest profile, which checks
 * every entrypoint under node10, node16 (CJS and ESM) and bundler resolution.
 * Everything it reports fails the package (CJSResolvesToESM, FalseCJS,
 * FalseESM, UntypedResolution, ...) except the one case below.
 */
export async function runAttw(tarball: string): Promise<LintReport> {
  const result = await run(process.execPath, [attwBin(), tarball, '--format', 'json'], {
    timeoutMs: 120_000,
    stdoutPath: `${tarball}.attw.json`,
  });
  let analysis: { analysis?: { problems?: AttwProblem[] } };
  try {
    analysis = JSON.parse(result.stdout);
  } catch {
    throw new Error(`are-the-types-wrong printed no JSON report\n${describeRun(result)}`);
  }
  const report: LintReport = { problems: [], ignored: [] };
  for (const problem of analysis.analysis?.problems ?? []) {
    const finding = {
      rule: problem.kind,
      message: `${problem.kind} at ${problem.entrypoint ?? '(package)'} under ${problem.resolutionKind ?? 'every resolution'}`,
    };
    const reason = ignoredReason(problem);
    if (reason) report.ignored.push({ ...finding, reason });
    else report.problems.push(finding);
  }
  return report;
}

/**
 * The only tolerated finding: a subpath (`@org/core/errors`) that does not
 * resolve under TypeScript's `moduleResolution: node10`. node10 predates
 * package.json `exports` and cannot see subpaths without `typesVersions`
 * redirects; TypeScript 6.0 deprecates it and 7.0 removes it
 * (https://aka.ms/ts6), and our `engines` floor (Node 20.19) implies
 * node16/nodenext or bundler resolution. The root entry must still resolve
 * under node10 (through `main`/`types`), and every other problem under
 * node10 still counts.
 */
function ignoredReason(problem: AttwProblem): string | undefined {
  if (
    problem.kind === 'NoResolution' &&
    problem.resolutionKind === 'node10' &&
    problem.entrypoint !== '.'
  ) {
    return 'subpath exports are invisible to the deprecated node10 resolution (TypeScript 6 deprecates it)';
  }
  return undefined;
}

function attwBin(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@arethetypeswrong/cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: { attw: string } };
  return join(dirname(manifestPath), manifest.bin.attw);
}
