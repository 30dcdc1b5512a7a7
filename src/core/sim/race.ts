/**
 * A race as kernel developers read lockdep's "Possible unsafe locking
 * scenario": one column per thread, the steps on shared objects in the
 * order they ran, the step that breaks an invariant last.
 */
import { columnLines } from '../text/columns';
import type { TraceEvent, Violation } from './types';

/** Steps that act on what the threads share; calls and returns are each thread's own. */
const SHARED = new Set(['lock', 'unlock', 'block', 'free', 'ref', 'fault']);
const MAX_STEPS = 40;

export function raceTable(threads: string[], trace: TraceEvent[], violation: Violation): string[] {
  const column = new Map(threads.map((t, k) => [t, k]));
  let steps = trace.filter((e) => SHARED.has(e.kind) && column.has(e.thread)).map((e) => ({ column: column.get(e.thread)!, text: stepText(e) }));
  const cut = steps.length > MAX_STEPS ? steps.length - MAX_STEPS : 0;
  steps = steps.slice(cut);
  const breaking = [...trace].reverse().find((e) => e.kind === 'violation');
  if (breaking && column.has(breaking.thread)) steps.push({ column: column.get(breaking.thread)!, text: `${breaking.line ? `${breaking.line}: ` : ''}<${shortRule(violation)}>` });
  return columnLines({
    title: `Possible unsafe interleaving${cut ? ` (the last ${MAX_STEPS} shared steps)` : ''}:`,
    heads: threads,
    steps,
    footer: [` *** ${shortRule(violation).toUpperCase()} ***`, '', violation.message],
    width: 40,
    clip: true,
  });
}

function stepText(e: TraceEvent): string {
  const at = e.line ? `${e.line}: ` : '';
  if (e.kind === 'lock' || e.kind === 'unlock') return `${at}${e.text.replace(/^.*: /, '')};`;
  if (e.kind === 'block') return `${at}waits for ${e.obj ?? 'a lock'}`;
  if (e.kind === 'free') return `${at}${e.text.replace(/^frees /, 'free(')})`;
  if (e.kind === 'ref') return `${at}${e.text.replace(/:.*refcount (-?\d+)$/, ' (refcount $1)')}`;
  return `${at}${e.text}`;
}

function shortRule(v: Violation): string {
  return v.rule.replace(/^sim\//, '');
}
