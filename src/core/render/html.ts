/**
 * One self-contained HTML file: findings as escaped text, diagrams drawn in
 * the browser by the report script (mermaid bundled in, securityLevel
 * strict), under a CSP that lets nothing be fetched and only that script run.
 */
import { createHash } from 'node:crypto';
import type { ReportInput } from './report';
import { scenarioLines, traceLine } from './scenario';
import { findingSections, patchStatusPhrase } from './sections';
import type { Finding } from '../review/types';
import { witnessText, type Finding as SimFinding } from '../sim';

export function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1b1b1b}
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}h2.folded{display:inline-block;margin:1em 0 0}summary{cursor:pointer}
.finding{border-left:4px solid #c80;padding:.2em 1em;margin:1em 0;background:#fffaf0}
.finding.error{border-color:#c00;background:#fff5f5}.finding.info{border-color:#06c;background:#f5f9ff}
pre{background:#f4f4f4;padding:.6em;overflow:auto;font-size:12px}
.diagram{overflow:auto;border:1px solid #ddd;padding:.5em;margin:1em 0}
.diagram-error{color:#c00;white-space:pre-wrap}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#ddd}.finding{background:#2b2618}.finding.error{background:#301c1c}.finding.info{background:#1a2330}pre{background:#2a2a2a}}`;

export function reportToHtml(input: ReportInput, script: string): string {
  const { result } = input;
  // The script is inlined: a literal "</script" inside it would end the element early.
  const reportScript = script.replace(/<\/script/gi, '<\\/script');
  const e = htmlEscape;
  const data = scriptJson({ diagrams: input.diagrams });
  const full = (f: Finding) => `<section class="finding ${e(f.severity)}">
<h3>${e(f.severity.toUpperCase())} [${e(f.rule)}] ${e(f.function)}() at ${e(f.file)}:${f.line}${f.patchStatus ? ` (${e(patchStatusPhrase(f))})` : ''}</h3>
<p>${e(f.message)}</p>
${f.trace.length ? `<pre>${e(f.trace.map(traceLine).join('\n'))}</pre>` : ''}
${f.scenario ? `<pre class="scenario">${e(scenarioLines(f.scenario).join('\n'))}</pre>` : ''}
${f.related.length ? `<ul>${f.related.map((r) => `<li>${e(r.file)}:${r.line}: ${e(r.message)}</li>`).join('')}</ul>` : ''}
${f.suggestion ? `<p><strong>Suggestion:</strong> ${e(f.suggestion)}</p>` : ''}
</section>`;
  const folded = (f: Finding) => `<li>${e(f.severity.toUpperCase())} [${e(f.rule)}] ${e(f.function)}() at ${e(f.file)}:${f.line}: ${e(f.message)}</li>`;
  const patchReview = !!input.patch?.before;
  const findings = findingSections(result.findings, input.patch?.fixed, input.showPreExisting, (input.patch?.set.patches.length ?? 0) > 1)
    .map((s) => {
      const heading = `${e(s.title)}${patchReview ? ` (${s.findings.length})` : ''}`;
      if (s.folded) return `<details open><summary><h2 class="folded">${heading}</h2></summary><p>Folded to one line each: these were there before the patch.</p><ul>${s.findings.map(folded).join('')}</ul></details>`;
      return `<h2>${heading}</h2>\n${s.findings.map(full).join('\n') || `<p>${patchReview ? 'None.' : 'No findings.'}</p>`}`;
    })
    .join('\n');
  const functions = result.functions
    .map((fn) => `<tr><td>${e(fn.name)}()</td><td>${fn.paths ?? ''}</td><td>${e(fn.summary.acquires.join(', '))}</td><td>${e(fn.summary.releases.join(', '))}</td><td>${e(fn.summary.requires.join(', '))}</td></tr>`)
    .join('');
  const diagrams = input.diagrams.map((d, i) => `<h3>${e(d.title)}</h3><div class="diagram" id="diagram-${i}" data-index="${i}">drawing…</div>`).join('\n');
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  const sim = input.simulation;
  const simFinding = (f: SimFinding) => `<section class="finding error">
<h3>[${e(f.rule)}] ${e(f.scenario)}</h3>
<p>${e(f.message)}</p>
${f.witnesses > 1 ? `<p>${e(witnessText(f))}</p>` : ''}
${f.table ? `<pre class="scenario">${e(f.table.join('\n'))}</pre>` : ''}
</section>`;
  const simulation = sim
    ? `<h2>Simulation</h2>
<p>${sim.runs.length} runs of ${e(sim.function)}(); returns reached ${sim.coverage.returnsCovered}/${sim.coverage.returnsTotal}, branches ${sim.coverage.branchesCovered}/${sim.coverage.branchesTotal}.</p>
${sim.findings.map(simFinding).join('\n') || '<p>No findings.</p>'}
${sim.assumptions.length ? `<p>Assumed (calls the model has no entry for):</p><ul>${sim.assumptions.map((a) => `<li>${e(a)}</li>`).join('')}</ul>` : ''}`
    : '';
  const dataTag = `<script type="application/json" id="lockflow-data">${data}</script>`;
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(reportScript)}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(input.title)}</title>
<style>${STYLE}</style>
</head><body>
<h1>${e(input.title)}</h1>
<p>${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes in ${result.functions.length} functions.</p>
${input.patch ? `<ul>${input.patch.set.patches.map((m) => `<li>[PATCH v${m.version} ${m.part}/${m.of}] ${e(m.subject)}${m.author ? ` (${e(m.author)})` : ''}</li>`).join('')}${input.patch.orderAdded.map((o) => `<li>This patch takes ${e(o.to)} while holding ${e(o.from)} (${e(o.function)}() at line ${o.line}).</li>`).join('')}</ul>` : ''}
${findings}
<h2>Functions</h2>
<table><tr><th>function</th><th>paths</th><th>acquires</th><th>releases</th><th>requires</th></tr>${functions}</table>
${simulation}
<h2>Diagrams</h2>
${diagrams}
${result.limits.length ? `<h2>Limits</h2><ul>${result.limits.map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : ''}
${dataTag}
<script>${reportScript}</script>
</body></html>
`;
}
