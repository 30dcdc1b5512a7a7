/**
 * A lock one call of a function keeps and a later call of it gives back: the ways that keep it
 * and the ways that give it back without taking it are told apart by an argument the function
 * never changes (`switch (action)` of a notifier that holds a lock from a "going offline" event
 * to the event that follows it, or `if (lock)` of a lock-or-unlock helper). Each way does what
 * its mode asks; neither forgot anything.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import type { FactSet } from './factSet';
import { writtenParams } from './stablePaths';
import { CONSTANT_NAME } from '../syntax';

/** Whether every end in `keeping` and every end that gives `inst` back untaken are apart by a mode. */
export function carriedToNextCall(a: FunctionAnalysis, keeping: readonly PathEnd[], inst: string): boolean {
  const givers = a.ends.filter((e) => e.releasedCaller.has(inst));
  if (!givers.length || !keeping.length) return false;
  const written = writtenParams(a.file, a.fn);
  const modes = new Set(a.fn.params.map((p) => p.name).filter((n) => n && !written.has(n)));
  return keeping.every((k) => givers.every((g) => modesApart(k.facts, g.facts, modes)));
}

/** Every way of one and every way of the other answered a test of the mode arguments otherwise. */
function modesApart(x: FactSet, y: FactSet, modes: ReadonlySet<string>): boolean {
  return x.alternatives().every((wx) =>
    y.alternatives().every((wy) => [...wx].some(([key, f]) => ofModes(key, f.deps, modes) && wy.has(key) && wy.get(key)!.value !== f.value)),
  );
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
