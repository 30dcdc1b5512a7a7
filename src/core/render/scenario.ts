/**
 * A deadlock scenario as lockdep prints it under a splat: one column per CPU,
 * the takes in time order, `*** DEADLOCK ***` below. Text, markdown and HTML
 * reports show these lines as they are (in a code block).
 */
import type { LockScenario, TraceStep } from '../review/types';
import { columnLines } from '../text/columns';

export function scenarioLines(s: LockScenario): string[] {
  return columnLines({
    title: 'Possible unsafe locking scenario:',
    heads: Array.from({ length: s.cpus }, (_, i) => `CPU${i}`),
    steps: s.steps.map((st) => ({ column: st.cpu, text: `lock(${st.lock});` })),
    footer: [' *** DEADLOCK ***', ...(s.note ? ['', s.note] : [])],
  });
}

/** A finding's path, one step a line: `  2949  mutex_lock(&group->mutex)   [held: group->mutex]`. */
export function traceLine(t: TraceStep): string {
  return `${String(t.line).padStart(5)}  ${t.event}${t.held.length ? `   [held: ${t.held.join(', ')}]` : ''}`;
}
