/**
 * Locks a function leaves held after handing their object to code not in view:
 * that code may have released them. The function's own finding says so at info
 * level, and its summary passes the doubt on to its callers.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import { annotationInst } from './stablePaths';
import type { SummaryEffect } from './summaryTypes';

/**
 * The function not in view that was handed `inst`'s object on every path that
 * ends holding it, unless a path of `a` went through that code and released the
 * lock itself afterwards (the usual early return that forgets the unlock).
 */
export function handedOffTo(a: FunctionAnalysis, holding: PathEnd[], inst: string, cls: string): string | undefined {
  const holds = holding.map((e) => e.held.find((h) => h.inst === inst && h.origin === 'acquired' && !h.doubled));
  const to = holds[0]?.handedTo;
  if (!to || !holds.every((h) => h?.handedTo)) return undefined;
  return a.keptThrough.has(`${cls}|${to}`) ? undefined : to;
}

/** For a call's effect: the doubt an acquire of the callee carries, named by the callee. */
export function handOffOf(e: SummaryEffect, callee: string): { handOff?: { to: string; in: string } } {
  return e.op === 'acquire' && e.handedTo ? { handOff: { to: e.handedTo, in: callee } } : {};
}

/** `__acquires(inst)` or `__cond_acquires(inst)`: the function says it returns with the lock held. */
export function declaresAcquire(a: FunctionAnalysis, inst: string): boolean {
  return a.fn.annotations.some((x) => (x.kind === '__acquires' || x.kind === '__cond_acquires') && !!x.args[0] && annotationInst(x.args[0], a.locals) === inst);
}
