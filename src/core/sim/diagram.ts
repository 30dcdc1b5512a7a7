/** A violation's trace as a mermaid sequence diagram: one participant per thread. */
import { mermaidLabel } from '../mermaid/text';
import type { TraceEvent, Violation } from './types';

const MAX_EVENTS = 80;
const SHOWN = new Set(['lock', 'unlock', 'block', 'call', 'return', 'model', 'free', 'fault', 'ref', 'violation', 'limit']);

export function sequenceDiagram(threads: string[], trace: TraceEvent[], violation: Violation): string {
  const ids = new Map(threads.map((t, k) => [t, `T${k}`]));
  const lines = ['sequenceDiagram'];
  for (const [name, id] of ids) lines.push(`  participant ${id} as ${mermaidLabel(name, 40)}`);
  let events = trace.filter((e) => SHOWN.has(e.kind) && e.kind !== 'violation');
  if (events.length > MAX_EVENTS) {
    lines.push(`  Note over ${ids.get(events[0].thread) ?? 'T0'}: ${events.length - MAX_EVENTS} earlier events not shown`);
    events = events.slice(-MAX_EVENTS);
  }
  for (const e of events) {
    const id = ids.get(e.thread) ?? 'T0';
    lines.push(`  ${id}->>${id}: ${mermaidLabel(`${e.line ? `${e.line}: ` : ''}${e.text}`, 100)}`);
  }
  const all = [...ids.values()];
  const over = all.length > 1 ? `${all[0]},${all[all.length - 1]}` : all[0] ?? 'T0';
  if (violation.chains) {
    for (const c of violation.chains) {
      const id = ids.get(c.thread) ?? 'T0';
      lines.push(`  Note over ${id}: ${mermaidLabel(`holds ${c.holds.join(', ') || 'nothing'}; waits for ${c.wants}`, 160)}`);
    }
  }
  lines.push(`  Note over ${over}: ${mermaidLabel(`${violation.rule}: ${violation.message}`, 200)}`);
  return lines.join('\n');
}
