/**
 * A deadlock scenario as lockdep prints it under a splat: one column per CPU,
 * the takes in time order, `*** DEADLOCK ***` below. Text, markdown and HTML
 * reports show these lines as they are (in a code block).
 */
import type { LockScenario, TraceStep } from '../review/types';

const COLUMN = 32;

export function scenarioLines(s: LockScenario): string[] {
  const pad = (cpu: number, text: string) => ' '.repeat(cpu * COLUMN) + text;
  const heads = Array.from({ length: s.cpus }, (_, i) => `CPU${i}`.padEnd(COLUMN)).join('').trimEnd();
  const rules = Array.from({ length: s.cpus }, () => '----'.padEnd(COLUMN)).join('').trimEnd();
  return [
    'Possible unsafe locking scenario:',
    '',
    heads,
    rules,
    ...s.steps.map((st) => pad(st.cpu, `lock(${st.lock});`)),
    '',
    ' *** DEADLOCK ***',
    ...(s.note ? ['', s.note] : []),
  ];
}

/** A finding's path, one step a line: `  2949  mutex_lock(&group->mutex)   [held: group->mutex]`. */
export function traceLine(t: TraceStep): string {
  return `${String(t.line).padStart(5)}  ${t.event}${t.held.length ? `   [held: ${t.held.join(', ')}]` : ''}`;
}
