/**
 * A lock one call of a function keeps and a later call of it gives back: the ways that keep it
 * and the ways that give it back without taking it are told apart by an argument the function
 * never changes (`switch (action)` of a notifier that holds a lock from a "going offline" event
 * to the event that follows it, or `if (lock)` of a lock-or-unlock helper). Each way does what
 * its mode asks; neither forgot anything. Whether a way gives it back may depend on nothing else but
 * records the function keeps itself (`if (vm->hotplug_active)`, set where it keeps the lock): a
 * state someone else changes between the two calls (a debug switch tested by both) may leave the
 * lock held or give back one never taken. A test both of whose answers give it back decides nothing.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import { writtenFields, writtenParams } from './stablePaths';
import { CONSTANT_NAME } from '../syntax';

/** Whether every end in `keeping` and every end that gives `inst` back untaken are apart by a mode. */
export function carriedToNextCall(a: FunctionAnalysis, keeping: readonly PathEnd[], inst: string): boolean {
  const givers = a.ends.filter((e) => e.releasedCaller.has(inst));
  if (!givers.length || !keeping.length) return false;
  const written = writtenParams(a.file, a.fn);
  const modes = new Set(a.fn.params.map((p) => p.name).filter((n) => n && !written.has(n)));
  const records = writtenFields(a.file, a.fn);
  const answers = new Map<string, Set<boolean>>();
  for (const g of givers) for (const w of g.facts.alternatives()) for (const [key, f] of w) if (!ofModes(key, f.deps, modes) && !records.has(key)) answers.set(key, (answers.get(key) ?? new Set()).add(f.value));
  if ([...answers.values()].some((v) => v.size < 2)) return false;
  return keeping.every((k) => givers.every((g) => k.facts.apartFrom(g.facts, (key, f) => ofModes(key, f.deps, modes))));
}

/**
 * A test of mode arguments' values alone, with constants (`action == MEM_OFFLINE`): not of what
 * they point at (`w->pos`) or what a query says of them (`is_console(port)`), which is state the
 * function or others change.
 */
function ofModes(key: string, deps: readonly string[], modes: ReadonlySet<string>): boolean {
  if (/->|\.|\[|\*|\(/.test(key)) return false;
  const names = key.match(/[A-Za-z_]\w*/g) ?? [];
  return deps.some((d) => modes.has(d)) && names.every((d) => modes.has(d) || CONSTANT_NAME.test(d));
}
