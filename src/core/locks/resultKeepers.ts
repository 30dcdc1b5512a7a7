/**
 * Functions in view that take an object they are handed out of where others find it on exactly
 * the ways that say so by their result (`list_del(&req->queue); return true;` when a request is
 * complete, `return false;` otherwise): a caller that tests the result owns the object on the
 * ways the result says it was taken out, after any lock is dropped.
 */
import { unparen, type ParsedFile, type SNode } from '../syntax';
import { callArgs } from '../syntax/kernelIdioms';
import type { CallGraph } from '../callgraph';
import { buildCfg, type Cfg } from '../cfg';
import type { Knowledge } from '../knowledge';
import { constantValue, identifiersIn } from './expr';

export type ResultKept = ReadonlyMap<number, 'zero' | 'nonzero'>;

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * By function: the parameters it takes out, by position, with the result that says so. `keepers`:
 * functions in view that keep an argument on every path (facts.ts objectKeepers).
 */
export function resultKeepers(graph: CallGraph, knowledge: Knowledge, keepers: ReadonlyMap<string, ReadonlySet<number>>): Map<string, ResultKept> {
  const out = new Map<string, ResultKept>();
  for (const [name, { fn, file }] of graph.functions) {
    if (!fn.params.length || /^\s*void\s*$/.test(fn.returnType)) continue;
    // The calls that take each parameter out: an unlinker's first argument, or what a keeper in view keeps.
    const takers = new Map<number, SNode[]>();
    for (const { kind, to, node } of graph.callsFrom(name)) {
      if (kind !== 'direct') continue;
      const args = callArgs(node);
      const at = knowledge.calls.unlinkers.has(to) ? [0] : [...(keepers.get(to) ?? [])];
      for (const k of at) {
        const arg = args[k];
        const v = arg && identifiersIn(arg, file.text)[0];
        const p = fn.params.findIndex((q) => q.name === v);
        if (p >= 0) takers.set(p, [...(takers.get(p) ?? []), node]);
      }
    }
    if (!takers.size) continue;
    // Built here for the few functions that take a parameter out: the engine's own come later in a re-review.
    const cfg = buildCfg(file, fn, knowledge);
    const kept = new Map<number, 'zero' | 'nonzero'>();
    for (const [p, calls] of takers) {
      const when = resultSays(cfg, file, calls);
      if (when) kept.set(p, when);
    }
    if (kept.size) out.set(name, kept);
  }
  return out;
}

/**
 * Whether every return of one class of constant results comes after one of these calls on every
 * path, and no return of the other class after one on any: that class says the calls were made.
 */
function resultSays(cfg: Cfg, file: ParsedFile, calls: readonly SNode[]): 'zero' | 'nonzero' | undefined {
  const contains = (n: SNode) => calls.some((c) => c.start >= n.start && c.end <= n.end);
  const blocks = cfg.blocks;
  // Forward: made on every path (must) and on some path (may) at each block's start.
  const must = blocks.map((b) => b.id !== cfg.entry);
  const may = blocks.map(() => false);
  const returns: Array<{ value: number; must: boolean; may: boolean }> = [];
  let changed = true;
  for (let rounds = 0; changed && rounds < blocks.length + 2; rounds++) {
    changed = false;
    returns.length = 0;
    for (const b of blocks) {
      if (!b.reachable) continue;
      let [m, y] = [must[b.id], may[b.id]];
      for (const it of b.items) {
        if (it.kind === 'stmt' && contains(it.node)) [m, y] = [true, true];
        if (it.kind !== 'return') continue;
        if (it.value && contains(it.value)) return undefined;
        const v = it.value ? constantValue(unparen(it.value), file.text, file.constants, NO_NAMES) : undefined;
        // A result not a constant says nothing we can read.
        if (v === undefined) return undefined;
        returns.push({ value: v, must: m, may: y });
      }
      for (const e of b.succ) {
        const [tm, ty] = [must[e.to] && m, may[e.to] || y];
        if (tm !== must[e.to] || ty !== may[e.to]) [must[e.to], may[e.to], changed] = [tm, ty, true];
      }
    }
  }
  if (changed) return undefined;
  const of = (zero: boolean) => returns.filter((r) => (r.value === 0) === zero);
  const says = (zero: boolean) => of(zero).length > 0 && of(zero).every((r) => r.must) && of(!zero).length > 0 && of(!zero).every((r) => !r.may);
  return says(false) ? 'nonzero' : says(true) ? 'zero' : undefined;
}
