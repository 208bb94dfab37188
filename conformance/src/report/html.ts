import { formatDuration, tally, totalDuration, verdict } from './format.js';
import type { PackReport, ScenarioReport } from './types.js';

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #6e7781;
  --bg: #ffffff; --card: #f6f8fa; --line: #d0d7de; --text: #1f2328; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --card: #161b22; --line: #30363d;
  --text: #e6edf3; --muted: #8d96a0; --ok: #3fb950; --bad: #f85149; --warn: #d29922; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 2rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  background: var(--bg); color: var(--text); }
main { max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
.sub { color: var(--muted); margin: 0 0 2rem; }
.packs { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; margin-bottom: 2.5rem; }
.pack { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--ok);
  border-radius: 8px; padding: 1rem 1.25rem; text-decoration: none; color: inherit; }
.pack.failed { border-left-color: var(--bad); }
.pack h2 { margin: 0; font-size: 1.15rem; }
.pack .verdict { font-weight: 600; color: var(--ok); }
.pack.failed .verdict { color: var(--bad); }
.pack .meta { color: var(--muted); font-size: .85rem; }
.bar { display: flex; gap: 3px; margin-top: .6rem; }
.bar span { flex: 1; height: 8px; border-radius: 2px; background: var(--ok); }
.bar .fail { background: var(--bad); } .bar .waived { background: var(--warn); } .bar .skipped { background: var(--line); }
section { margin-bottom: 2.5rem; }
section h2 { font-size: 1.25rem; margin-bottom: .25rem; }
table { width: 100%; border-collapse: collapse; font-size: .92rem; }
th, td { text-align: left; padding: .55rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
td.time { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; min-width: 4.5rem; text-align: center; padding: .1rem .5rem; border-radius: 99px;
  font-size: .78rem; font-weight: 600; color: #fff; background: var(--ok); }
.badge.fail { background: var(--bad); } .badge.waived { background: var(--warn); } .badge.skipped { background: var(--muted); }
.title { color: var(--muted); display: block; font-size: .85rem; }
details summary { cursor: pointer; color: var(--muted); }
pre { white-space: pre-wrap; word-break: break-word; margin: .4rem 0 0; font: .82rem/1.45 ui-monospace, SFMono-Regular, Menlo, monospace;
  background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .75rem; }
.metrics { display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .4rem; }
.metrics span { font-size: .75rem; background: var(--card); border: 1px solid var(--line); border-radius: 4px; padding: 0 .35rem; }
.waiver { color: var(--warn); font-size: .85rem; }
footer { color: var(--muted); font-size: .8rem; }
`;

/** `index.html`: a self-contained page (inline CSS, no script, no external asset) of every pack's certification. */
export function renderHtml(reports: readonly PackReport[]): string {
  const certified = reports.filter((r) => r.passed).length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance: ${certified}/${reports.length} packs certified</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Conformance certification</h1>
<p class="sub">${certified} of ${reports.length} pack${reports.length === 1 ? '' : 's'} certified · every scenario runs offline against a simulator built from the pack's spec</p>
<div class="packs">
${reports.map(card).join('\n')}
</div>
${reports.map(section).join('\n')}
<footer>Legend: pass · fail · waived (reason from the pack's pack.yaml) · skipped (does not apply to the pack). Machine-readable: <code>&lt;pack&gt;.json</code> beside this page.</footer>
</main>
</body>
</html>
`;
}

function card(report: PackReport): string {
  return `<a class="pack${report.passed ? '' : ' failed'}" href="#${attr(report.pack)}">
  <h2>${text(report.pack)}</h2>
  <div class="verdict">${report.passed ? '✓' : '✗'} ${verdict(report)}</div>
  <div class="meta">${text(report.npm)}@${text(report.version)} · ${text(report.profile)} profile · ${formatDuration(totalDuration(report))}</div>
  <div class="meta">${text(tally(report))}</div>
  <div class="bar">${report.scenarios.map((s) => `<span class="${s.result}" title="${attr(`${s.id}: ${s.result}`)}"></span>`).join('')}</div>
</a>`;
}

function section(report: PackReport): string {
  return `<section id="${attr(report.pack)}">
<h2>${text(report.pack)} <small class="title">${text(report.npm)}@${text(report.version)} · spec ${text(report.specSha256.slice(0, 12))} · ${text(report.generatedAt)}</small></h2>
<table>
<thead><tr><th>Result</th><th>Scenario</th><th>Details</th><th>Time</th></tr></thead>
<tbody>
${report.scenarios.map(row).join('\n')}
</tbody>
</table>
</section>`;
}

function row(s: ScenarioReport): string {
  const metrics = Object.entries(s.metrics ?? {})
    // A metric with no value (no keyed operation, say) says nothing worth a chip.
    .filter(([, value]) => value !== '' && value !== undefined && value !== null)
    .map(([key, value]) => `<span>${text(key)}: ${text(String(value))}</span>`)
    .join('');
  const lines = (s.details ?? '').split('\n').filter(Boolean);
  const details =
    lines.length > 1
      ? `<details><summary>${text(lines[0] as string)}</summary><pre>${text(lines.slice(1).join('\n'))}</pre></details>`
      : lines.length === 1
        ? text(lines[0] as string)
        : '';
  return `<tr>
<td><span class="badge ${s.result}">${s.result}</span></td>
<td><strong>${text(s.id)}</strong><span class="title">${text(s.title)}${s.required ? '' : ' · not required'}</span></td>
<td>${s.waived ? `<div class="waiver">waived: ${text(s.waived.reason)}</div>` : ''}${details}${metrics ? `<div class="metrics">${metrics}</div>` : ''}</td>
<td class="time">${formatDuration(s.durationMs)}</td>
</tr>`;
}

function text(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function attr(value: string): string {
  return text(value).replaceAll('"', '&quot;');
}
