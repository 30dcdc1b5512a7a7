/** Text and mermaid views of a simulation report (JSON is the report itself). */
import { mermaidComment } from '../mermaid/text';
import { lineText } from './heap';
import type { Finding, SimulationReport, TraceEvent } from './types';

const TRACE_LINES = 40;

export function renderText(r: SimulationReport): string {
  const c = r.coverage;
  const out = [
    `simulated ${r.function}: ${r.runs.length} runs`,
    `coverage: returns ${c.returnsCovered}/${c.returnsTotal}${c.missedReturns.length ? ` (missed lines ${c.missedReturns.join(', ')})` : ''}, branches ${c.branchesCovered}/${c.branchesTotal}${c.missedBranches.length ? ` (missed ${c.missedBranches.slice(0, 8).join(', ')}${c.missedBranches.length > 8 ? ', ...' : ''})` : ''}`,
  ];
  for (const e of r.exploration) {
    out.push(`explored ${e.scenario}: ${e.interleavings} interleavings, ${e.states} states, ${e.pruned} cut at a state seen before${e.complete ? ', complete' : ', INCOMPLETE'}`);
  }
  const results = new Map<string, number>();
  for (const run of r.runs) results.set(run.result, (results.get(run.result) ?? 0) + 1);
  out.push('results:');
  for (const [res, n] of [...results].sort((a, b) => b[1] - a[1]).slice(0, 12)) out.push(`  ${String(n).padStart(5)} × ${res}`);
  if (r.assumptions.length) out.push('assumed (calls the model has no entry for):', ...r.assumptions.map((a) => `  ${a}`));
  const stopped = r.stopped.reduce((n, s) => n + s.runs, 0);
  out.push(stopped ? `stopped: ${stopped} run${stopped > 1 ? 's' : ''} on what the simulator cannot model (see limits)` : 'stopped: none');
  if (r.unhandled.length) out.push('assumed failures the code does not test (no finding: it may know the call cannot fail):', ...r.unhandled.map((u) => `  ${String(u.runs).padStart(5)} × ${u.answer}`));
  out.push(r.findings.length ? `findings (${r.findings.length}):` : 'findings: none');
  let shown: TraceEvent[] | undefined;
  for (const f of r.findings) {
    out.push(`  ${f.rule}: ${f.message}`, `    scenario: ${f.scenario}`);
    if (f.schedule) out.push(`    ${f.table ? 'interleaving' : 'assumed answers'}: ${runsOf(f.schedule)}`);
    if (f.witnesses > 1) out.push(`    ${witnessText(f)}`);
    if (f.table) out.push(...f.table.map((l) => (l ? `    ${l}` : '')));
    for (const ch of f.chains ?? []) out.push(`    ${ch.thread} holds ${ch.holds.join(', ') || 'nothing'}; waits for ${ch.wants}`);
    // Two findings of one run share its trace: print it once.
    out.push(...(f.trace === shown ? ['    (the run above)'] : traceLines(f.trace).map((l) => `    ${l}`)));
    shown = f.trace;
  }
  if (r.limits.length) out.push('limits:', ...r.limits.map((l) => `  ${l}`));
  return out.join('\n');
}

/** `shown by 7 runs: the shortest below, and 6 more interleavings (also at lines 244, 186)`. */
export function witnessText(f: Finding): string {
  const more = f.witnesses - 1;
  const raced = !!f.table && f.others.every((w) => w.scenario === f.scenario);
  const shown = f.trace.find((e) => e.kind === 'violation' && e.text === f.message)?.line;
  const lines = [...new Set(f.others.map((w) => w.line).filter((l): l is number => !!l && l !== shown))];
  return `shown by ${f.witnesses} runs: the shortest here, and ${more} more ${raced ? `interleaving${more > 1 ? 's' : ''}` : `run${more > 1 ? 's' : ''}`}${lines.length ? ` (also at line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})` : ''}`;
}

/** `store ×3 → unplug ×9 → store`: who ran at each switch point, in runs. */
function runsOf(schedule: string[]): string {
  const parts: Array<[string, number]> = [];
  for (const name of schedule) {
    const last = parts[parts.length - 1];
    if (last && last[0] === name) last[1]++;
    else parts.push([name, 1]);
  }
  return parts.map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(' → ');
}

function traceLines(trace: TraceEvent[]): string[] {
  const shown = trace.filter((e) => e.kind !== 'log' || /warning|error/.test(e.text));
  const cut = shown.length > TRACE_LINES ? shown.length - TRACE_LINES : 0;
  return [...(cut ? [`... ${cut} earlier events`] : []), ...shown.slice(cut).map((e) => `[${e.thread}] ${lineText(e.line)}${e.kind === 'violation' ? '!! ' : ''}${e.text}`)];
}

export function renderMermaid(r: SimulationReport): string {
  if (!r.findings.length) return mermaidComment(`${r.function}: no violations in ${r.runs.length} runs`);
  return r.findings.map((f) => `${mermaidComment(`${f.rule}: ${f.message}${f.witnesses > 1 ? `; ${witnessText(f)}` : ''}`)}\n${f.diagram}`).join('\n\n');
}
