/**
 * Which functions of the included headers join the analysis. A header is read
 * for its lock wrappers: inlines that take, drop or assert a lock, themselves
 * or through another such inline (`unix_state_lock_nested()` around
 * `spin_lock_nested()`, `put_css_set()` taking `css_set_lock`). Every other
 * inline stays a call out of view, as it is without the header: what the
 * knowledge says of a name (a sleeping call, a reference getter, an unlinker,
 * a pure query) is the kernel's word for it, and a body the parser sees only
 * in part (helpers a macro generates) must not hide that. Accessors join too
 * (`UDF_I()`: `return container_of(inode, ...)`): a local set from one names
 * its object the same way in every function (stablePaths.ts), so a helper's
 * lock through `iinfo = UDF_I(inode)` is its caller's `UDF_I(inode)`'s.
 */
import { buildCallGraph } from '../callgraph';
import { namedByKnowledge, type Knowledge } from '../knowledge';
import type { FunctionInfo, ParsedFile } from '../syntax';
import { containerAccessorMember } from './containerAccessors';

const LOCK_ANNOTATIONS = new Set(['__acquires', '__releases', '__must_hold', 'lockdep_assert_held']);

/** The headers with only their lock wrappers left as functions; `known` names wrappers from elsewhere they may call. */
export function lockWrappersOf(headers: ParsedFile[], knowledge: Knowledge, known: ReadonlySet<string> = new Set()): ParsedFile[] {
  const graph = buildCallGraph(headers);
  const wrappers = new Set<string>(known);
  const candidates = [...graph.functions.values()].filter(({ fn }) => !namedByKnowledge(knowledge, fn.name));
  // Callers of a wrapper are wrappers: grow the set until nothing joins (bounded by the number of functions).
  for (let changed = true; changed; ) {
    changed = false;
    for (const { fn } of candidates) {
      if (wrappers.has(fn.name)) continue;
      const own = fn.annotations.some((a) => LOCK_ANNOTATIONS.has(a.kind));
      const calls = graph.callsFrom(fn.name).some((e) => e.kind === 'direct' && (knowledge.primitives.has(e.to) || wrappers.has(e.to)));
      if (own || calls) {
        wrappers.add(fn.name);
        changed = true;
      }
    }
  }
  const kept = (f: ParsedFile, fn: FunctionInfo) => (wrappers.has(fn.name) || (!namedByKnowledge(knowledge, fn.name) && containerAccessorMember(f, fn, knowledge) !== undefined)) && !known.has(fn.name);
  return headers.map((f) => ({ ...f, functions: f.functions.filter((fn) => kept(f, fn)) }));
}
