/**
 * A lock exchanged for another of its kind, named by the result: a helper called with its
 * caller's `base->cpu_base->lock` that, when the object changes, gives that lock back and
 * returns the new object with its lock taken (`switch_hrtimer_base()`, a hand-over-hand step
 * to the next device), and otherwise returns the object it was handed. On every return the
 * caller holds exactly the lock of the object it gets back.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import { isOwnHold } from './handOff';

const NAME = /^[A-Za-z_]\w*$/;

/**
 * The lock's path over the returned object (`$->cpu_base->lock`) when `inst`, a lock of a
 * parameter's object its callers hold, is exchanged so: every return that gives it back holds
 * the same member of the object it returns, taken here, and every other returns that parameter
 * (by name, or by one a test found equal to it), which it did not give back.
 */
export function exchangedForReturned(a: FunctionAnalysis, inst: string): string | undefined {
  const param = /^[A-Za-z_]\w*/.exec(inst)?.[0];
  const member = param ? inst.slice(param.length) : '';
  if (!param || !/^(?:->|\.)/.test(member) || !a.fn.params.some((p) => p.name === param)) return undefined;
  const returned = (e: PathEnd) => e.returnValue?.trim() ?? '';
  const gave = a.ends.filter((e) => e.releasedCaller.has(inst));
  if (!gave.length) return undefined;
  const exchanged = (e: PathEnd) => NAME.test(returned(e)) && e.held.some((h) => isOwnHold(h) && !h.detached && h.inst === `${returned(e)}${member}`);
  const kept = (e: PathEnd) => (e.returnedAs ?? returned(e)) === param;
  return a.ends.every((e) => (e.releasedCaller.has(inst) ? exchanged(e) : kept(e))) ? `$${member.startsWith('.') ? `->${member.slice(1)}` : member}` : undefined;
}

/**
 * Every return that gives `inst` back holds the lock a callee took in exchange for it (one that
 * returns the new object locked): the function hands on its callee's exchange, not a drop of its
 * own (`__hrtimer_start_range_ns()` keeps the new base in a local).
 */
export function exchangedInCallee(a: FunctionAnalysis, inst: string): boolean {
  const gave = a.ends.filter((e) => e.releasedCaller.has(inst));
  return gave.length > 0 && gave.every((e) => e.held.some((h) => h.exchangedFor === inst && !h.detached));
}
