/**
 * Accesses a memory barrier orders: the statement right before or after a barrier
 * statement. A barrier is how the kernel writes a lockless protocol (a writer's
 * `smp_wmb()` between the payload and the count that announces it, a reader's
 * `smp_rmb()` between the count it tested and the payload it then reads), so the
 * accesses next to one are lockless on purpose: the ordering, not a lock, is their
 * guard, and a review asks about the barrier's pairing, not a missing lock.
 * Reads count beside read (or full) barriers, writes beside write (or full) ones.
 */
import type { Knowledge } from '../knowledge';
import { field, named, unparen, type ParsedFile, type SNode } from '../syntax';
import { calleeName } from '../syntax/kernelIdioms';

/** The access `n` is in a statement next to a barrier that orders its kind (reads or writes). */
export function orderedByBarrier(n: SNode, write: boolean, file: ParsedFile, knowledge: Knowledge): boolean {
  const barriers = write ? knowledge.calls.writeBarriers : knowledge.calls.readBarriers;
  let s: SNode = n;
  while (s.parent && s.parent.type !== 'compound_statement') {
    if (s.parent.type === 'function_definition') return false;
    s = s.parent;
  }
  const siblings = s.parent ? named(s.parent).filter((c) => c.type !== 'comment') : [];
  const i = siblings.indexOf(s);
  return i >= 0 && [siblings[i - 1], siblings[i + 1]].some((t) => {
    const call = t?.type === 'expression_statement' ? unparen(named(t)[0] ?? t) : undefined;
    const name = call?.type === 'call_expression' && field(call, 'function') ? calleeName(file, call) : undefined;
    return !!name && barriers.has(name);
  });
}
