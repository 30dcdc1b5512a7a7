/** The markdown report: findings with their evidence, then mermaid diagrams in fenced blocks (GitHub renders them). */
import type { Finding } from '../review/types';
import { witnessText } from '../sim';
import type { ReportInput } from './report';
import { scenarioLines, traceLine } from './scenario';
import { findingSections, patchStatusPhrase } from './sections';

/** Text inside markdown: no HTML, no emphasis or link syntax from code. */
export function mdEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*[\]|~]/g, (c) => `\\${c}`)
    .replace(/(^|\W)_|_(?=\W|$)/g, (m) => m.replace('_', '\\_'));
}

function fence(body: string, lang = ''): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body}\n${f}`;
}

function findingMd(f: Finding): string {
  const out = [`### ${f.severity.toUpperCase()} \`${f.rule}\` in ${mdEscape(f.function)}() at ${mdEscape(f.file)}:${f.line}${f.patchStatus ? ` (${patchStatusPhrase(f)})` : ''}`, '', mdEscape(f.message), ''];
  if (f.trace.length) out.push(fence(f.trace.map(traceLine).join('\n')), '');
  if (f.scenario) out.push(fence(scenarioLines(f.scenario).join('\n')), '');
  for (const r of f.related) out.push(`- ${mdEscape(r.file)}:${r.line}: ${mdEscape(r.message)}`);
  if (f.related.length) out.push('');
  if (f.suggestion) out.push(`**Suggestion:** ${mdEscape(f.suggestion)}`, '');
  return out.join('\n');
}

export function reportToMarkdown(input: ReportInput): string {
  const { result } = input;
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  const out = [`# ${mdEscape(input.title)}`, '', `${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes in ${result.functions.length} functions.`, ''];
  if (input.patch) {
    for (const m of input.patch.set.patches) out.push(`- Patch: [PATCH v${m.version} ${m.part}/${m.of}] ${mdEscape(m.subject)}${m.author ? ` (${mdEscape(m.author)})` : ''}`);
    for (const e of input.patch.orderAdded) out.push(`- This patch takes \`${e.to}\` while holding \`${e.from}\` (${mdEscape(e.function)}() at line ${e.line}).`);
    out.push('');
  }
  for (const s of findingSections(result.findings, input.patch?.fixed, input.showPreExisting, (input.patch?.set.patches.length ?? 0) > 1)) {
    out.push(`## ${s.title}${input.patch?.before ? ` (${s.findings.length})` : ''}`, '');
    if (!s.findings.length) out.push(input.patch?.before ? 'None.' : 'No findings.', '');
    if (s.folded) out.push('Folded to one line each: these were there before the patch.', '', ...s.findings.map((f) => `- ${f.severity.toUpperCase()} \`${f.rule}\` in ${mdEscape(f.function)}() at ${mdEscape(f.file)}:${f.line}: ${mdEscape(f.message)}`), '');
    else for (const f of s.findings) out.push(findingMd(f));
  }
  out.push('## Functions', '', '| function | paths | acquires | releases | requires |', '| --- | --- | --- | --- | --- |');
  for (const fn of result.functions) {
    const cell = (xs: string[]) => (xs.length ? xs.map(mdEscape).join(', ') : '');
    out.push(`| ${mdEscape(fn.name)}() | ${fn.paths ?? ''} | ${cell(fn.summary.acquires)} | ${cell(fn.summary.releases)} | ${cell(fn.summary.requires)} |`);
  }
  out.push('');
  if (input.simulation) {
    const c = input.simulation.coverage;
    out.push('## Simulation', '', `${input.simulation.runs.length} runs of ${mdEscape(input.simulation.function)}(); returns reached ${c.returnsCovered}/${c.returnsTotal}, branches ${c.branchesCovered}/${c.branchesTotal}.`, '');
    for (const f of input.simulation.findings) {
      out.push(`- \`${f.rule}\` (${mdEscape(f.scenario)}): ${mdEscape(f.message)}${f.witnesses > 1 ? `; ${mdEscape(witnessText(f))}` : ''}`);
      if (f.table) out.push('', fence(f.table.join('\n')), '');
    }
    if (input.simulation.assumptions.length) out.push('', 'Assumed (calls the model has no entry for):', '', ...input.simulation.assumptions.map((a) => `- ${mdEscape(a)}`));
    out.push('');
  }
  out.push('## Diagrams', '');
  for (const d of input.diagrams) out.push(`### ${mdEscape(d.title)}`, '', fence(d.mermaid, 'mermaid'), '');
  if (result.limits.length) out.push('## Limits', '', ...result.limits.map((l) => `- ${mdEscape(l)}`), '');
  return out.join('\n');
}
