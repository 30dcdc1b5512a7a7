/**
 * The text report: checkpatch-style lines (`file:line: WARNING: [rule]
 * message`) that editors and quickfix lists read, each followed by its
 * evidence indented, the way smatch prints where a lock was taken and
 * released.
 */
import type { Finding, ReviewResult } from '../review/types';
import { scenarioLines, traceLine } from './scenario';
import { introducedInPhrase, type FindingSection } from './sections';

const LABEL = { error: 'ERROR', warning: 'WARNING', info: 'INFO' } as const;
const MAX_TRACE = 14;

/** The checkpatch-style first line: all a folded finding shows. */
export function findingHeadline(f: Finding): string {
  return `${f.file}:${f.line}: ${LABEL[f.severity]}: [${f.rule}] ${f.function}(): ${f.message}`;
}

export function findingToText(f: Finding): string {
  const out = [findingHeadline(f)];
  if (f.introducedIn) out.push(`    ${introducedInPhrase(f)}`);
  if (f.patchStatus) out.push(`    patch: ${f.patchStatus}`);
  const locks = f.trace.filter((t) => /acquire|release|take|unlock|lock\(|held on entry|releases|takes/.test(t.event) || t === f.trace[f.trace.length - 1]);
  const shown = locks.length > MAX_TRACE ? [...locks.slice(0, MAX_TRACE - 1), locks[locks.length - 1]] : locks;
  if (shown.length) {
    out.push('    path:');
    for (const t of shown) out.push(`      ${traceLine(t)}`);
    if (locks.length > shown.length) out.push(`      ... ${locks.length - shown.length} more steps`);
  }
  if (f.scenario) out.push(...scenarioLines(f.scenario).map((l) => (l ? `    ${l}` : '')));
  for (const r of f.related) out.push(`    ${r.file}:${r.line}: ${r.message}`);
  if (f.suggestion) out.push(`    suggestion: ${f.suggestion}`);
  return out.join('\n');
}

/** Without sections, the findings in order; with them (a patch review), a heading with its count above each. */
export function reviewToText(result: ReviewResult, sections?: FindingSection[]): string {
  const out: string[] = [];
  if (!sections) out.push(...result.findings.map(findingToText));
  for (const s of sections ?? []) {
    out.push(`== ${s.title}: ${s.findings.length}${s.folded ? ' (folded, one line each; --show pre-existing shows them in full)' : ''}`);
    out.push(...s.findings.map((f) => (s.folded ? `  ${findingHeadline(f)}` : findingToText(f))));
  }
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  const introduced = result.findings.filter((f) => f.patchStatus === 'introduced').length;
  const split = result.findings.some((f) => f.patchStatus) ? ` (${introduced} introduced by the patch, ${result.findings.length - introduced} pre-existing)` : '';
  out.push(`total: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes in ${result.functions.length} functions${split}`);
  if (result.lockOrder.length) {
    out.push('lock order:');
    for (const e of result.lockOrder) out.push(`  ${e.from} -> ${e.to}  (${e.function}() at ${e.file}:${e.line})`);
  }
  for (const l of result.limits) out.push(`limit: ${l}`);
  return out.join('\n');
}
