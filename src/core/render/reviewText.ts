/**
 * The text report: checkpatch-style lines (`file:line: WARNING: [rule]
 * message`) that editors and quickfix lists read, each followed by its
 * evidence indented, the way smatch prints where a lock was taken and
 * released.
 */
import type { Finding, ReviewResult } from '../review/types';
import { scenarioLines, traceLine } from './scenario';

const LABEL = { error: 'ERROR', warning: 'WARNING', info: 'INFO' } as const;
const MAX_TRACE = 14;

export function findingToText(f: Finding): string {
  const out = [`${f.file}:${f.line}: ${LABEL[f.severity]}: [${f.rule}] ${f.function}(): ${f.message}`];
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

export function reviewToText(result: ReviewResult): string {
  const out = result.findings.map(findingToText);
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  out.push(`total: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes in ${result.functions.length} functions`);
  if (result.lockOrder.length) {
    out.push('lock order:');
    for (const e of result.lockOrder) out.push(`  ${e.from} -> ${e.to}  (${e.function}() at ${e.file}:${e.line})`);
  }
  for (const l of result.limits) out.push(`limit: ${l}`);
  return out.join('\n');
}
