/**
 * A lock released only where a parameter has one value (`if (rtnl_held) rtnl_unlock();`): that
 * value is how the callers say they hold it. The contract is kept when every call in view that
 * passes that value holds a lock of the class, and broken by one that passes it as a constant
 * without holding one. A value a caller passes on from its own callers (a parameter of its own,
 * followed up the same way) or computes from what it was handed (a callback's flags) is theirs to
 * choose: nothing in view breaks it.
 */
import type { CallGraph } from '../callgraph';
import type { FunctionAnalysis, Incident } from './explore';
import { writtenValue } from './expr';
import { callArgs } from '../syntax/kernelIdioms';

type Value = 'zero' | 'nonzero';

/** How far up the callers a value passed on is followed. */
const MAX_DEPTH = 6;

/**
 * The parameter, a value and not a pointer, and its value on every way to these releases, in a
 * function that takes the lock back on each of them (it drops its callers' lock for a while).
 */
export function releaseFlag(a: FunctionAnalysis, inst: string, incidents: readonly Incident[]): { param: number; value: Value } | undefined {
  const first = incidents[0]?.values;
  if (!first || a.ends.some((e) => e.releasedCaller.has(inst))) return undefined;
  for (const [name, value] of first) {
    const param = a.fn.params.findIndex((p) => p.name === name && !p.type.includes('*'));
    if (param >= 0 && incidents.every((i) => i.values?.get(name) === value)) return { param, value };
  }
  return undefined;
}

/** No call in view passes `value` for parameter `param` of `fn` without holding a lock of class `cls`. */
export function flagContractKept(
  analyses: ReadonlyMap<string, FunctionAnalysis>,
  graph: CallGraph,
  fn: string,
  param: number,
  value: Value,
  cls: string,
  depth = 0,
  seen: Set<string> = new Set(),
): boolean {
  if (depth > MAX_DEPTH || seen.has(fn)) return true;
  seen.add(fn);
  for (const edge of graph.callsTo(fn)) {
    if (edge.kind !== 'direct') continue;
    const caller = analyses.get(edge.from);
    for (const site of caller?.callSites ?? []) {
      if (site.callee !== fn || site.args[param] === undefined) continue;
      if (site.held.some((h) => h.cls === cls && !h.detached)) continue;
      const arg = callArgs(site.node)[param];
      const written = arg && writtenValue(arg, caller!.file.text);
      if (written !== undefined) {
        if ((written === 0 ? 'zero' : 'nonzero') === value) return false;
        continue;
      }
      const own = caller!.fn.params.findIndex((p) => p.name === site.args[param].trim());
      if (own >= 0 && !flagContractKept(analyses, graph, caller!.fn.name, own, value, cls, depth + 1, seen)) return false;
    }
  }
  return true;
}
