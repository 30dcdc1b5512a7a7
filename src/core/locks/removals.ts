/**
 * Where objects leave the places others find them, and what is held there: the
 * lockset of their removals. An object found under a lock and used after it is
 * dropped can only be freed in between by a thread that takes it out of its
 * place first; if every such place holds another lock that the user holds
 * across its use (not both only shared), none can run in between; nor can one
 * if every such place runs in the one serialised context the user runs in (a
 * queue's single consumer), or after its function stopped that context and
 * waited for it (teardown). Every such place is in view only for a struct the
 * file defines itself.
 */
import { field, operator, unparen, type SNode } from '../syntax';
import { callArgs } from '../syntax/kernelIdioms';
import type { EngineResult } from './engine';
import { NESTABLE, type FunctionAnalysis, type StaleUse } from './explore';
import type { Held } from './state';
import { stripCasts } from './walkSyntax';
import { ownStructs } from './entry';
import { graphSerialisedCallbacks } from './serialisedContexts';
import { deferredContexts } from './deferredContexts';

/** One removal: of objects of this struct type (`list_del(&req->queue)`), or of any (`list_splice_init()`, `idr_remove()`). */
export interface RemovalSite {
  fn: string;
  line: number;
  /** Undefined when what leaves is not named by an entry of a known type: every type's removal. */
  type?: string;
  held: readonly Held[];
}

/** Unlinkers whose first argument is the entry leaving (the others take a container, or a key). */
const BY_ENTRY = /^(?:list_del|hlist_del|hlist_nulls_del|hash_del|list_move|list_replace|rb_erase|llist_del)/;

const sitesOf = new WeakMap<EngineResult, RemovalSite[]>();

/** Every removal in view, once per analysis. */
export function removalSites(engine: EngineResult): RemovalSite[] {
  let out = sitesOf.get(engine);
  if (out) return out;
  out = [];
  for (const a of engine.analyses.values()) out.push(...removalsIn(engine, a));
  sitesOf.set(engine, out);
  return out;
}

function removalsIn(engine: EngineResult, a: FunctionAnalysis): RemovalSite[] {
  const out: RemovalSite[] = [];
  const env = engine.envs.get(a.fn.name);
  for (const site of a.callSites) {
    if (!engine.knowledge.calls.unlinkers.has(site.callee)) continue;
    const entry = BY_ENTRY.test(site.callee) ? entryBase(site.node, a.file.text) : undefined;
    const type = entry ? env?.get(entry)?.typeName : undefined;
    out.push({ fn: a.fn.name, line: site.line, ...(type ? { type } : {}), held: site.held });
  }
  return out;
}

/** `&req->queue` (or `&req->node.list`): the variable the entry hangs from. */
function entryBase(call: SNode, text: string): string | undefined {
  const arg = callArgs(call)[0];
  let u: SNode | null | undefined = arg && stripCasts(unparen(arg));
  if (!u || u.type !== 'pointer_expression' || operator(u) !== '&') return undefined;
  u = field(u, 'argument');
  while (u && u.type === 'field_expression') {
    const inner = field(u, 'argument');
    if (!inner) return undefined;
    u = unparen(inner);
  }
  return u?.type === 'identifier' ? text.slice(u.start, u.end) : undefined;
}

/**
 * A lock held across the use that every removal in view of the object's type (or of
 * any type) holds too, one side at least exclusively: the object stays in its place.
 * Nothing in view removing such objects says nothing of those that may.
 */
export function pinnedByOuterLock(engine: EngineResult, fn: string, use: StaleUse): string | undefined {
  // What every caller in view holds is held across the whole walk (a context some walks only add to their lines).
  const holding = [...use.holding, ...(engine.contexts.get(fn) ?? []).filter((h) => !NESTABLE.has(h.kind)).map((h) => ({ cls: h.cls, shared: h.shared }))];
  const sites = holding.length ? removalsOfOwnType(engine, use.type) : undefined;
  const outer = sites && holding.find((o) => sites.every((r) => r.held.some((h) => h.cls === o.cls && !h.detached && !(h.shared && o.shared))));
  return outer?.cls;
}

/**
 * The removals in view of objects of a struct (and of any), when they are all there are: a struct a
 * .c file defines is that file's own, its objects taken out of their places only in view. One a header
 * defines may be removed by code in other files, as a driver's other files do. Undefined when none in
 * view removes one of that struct.
 */
function removalsOfOwnType(engine: EngineResult, type: string | undefined): RemovalSite[] | undefined {
  if (!type || !engine.files.some((f) => f.path.endsWith('.c') && ownStructs(f, engine.files).has(type))) return undefined;
  const sites = removalSites(engine).filter((r) => r.type === undefined || r.type === type);
  return sites.some((r) => r.type === type) ? sites : undefined;
}

/**
 * The serialised context (a work item, a tasklet, a timer: one never runs concurrently with itself)
 * that `fn` runs in, where every removal in view of objects of the struct runs in it too or only after
 * its function stopped that context and waited for it (`cancel_work_sync()` on the member the context
 * was set up on, before the removal: teardown): the only one that takes such an object out of its place
 * while the context runs is this very thread, so what it found under the lock is still there, and
 * alive, after it dropped the lock (a queue's single consumer).
 */
export function removedOnlyInOwnContext(engine: EngineResult, fn: string, type: string | undefined): string | undefined {
  const sites = removalsOfOwnType(engine, type);
  const context = sites && soleRoot(engine, fn);
  if (!context || !graphSerialisedCallbacks(engine.files, engine.graph, engine.envs, engine.knowledge).has(context)) return undefined;
  const stops = deferredContexts(engine.graph, engine.knowledge).stoppedAt(context);
  const afterStop = (r: RemovalSite) => stops.some((s) => s.fn === r.fn && s.line < r.line);
  return sites.every((r) => soleRoot(engine, r.fn) === context || afterStop(r)) ? context : undefined;
}

/** How many calls up from a function its callers are followed to the one place every chain starts. */
const MAX_ROOT_DEPTH = 6;

/**
 * The one function every chain of callers in view up from `fn` starts at: one the engine found
 * called some other way than by the callers in view (its address taken, exported, called from other
 * files: its entry context). Undefined when there are several, or past MAX_ROOT_DEPTH.
 */
function soleRoot(engine: EngineResult, fn: string): string | undefined {
  const roots = new Set<string>();
  const seen = new Set<string>();
  const rise = (f: string, depth: number): boolean => {
    if (seen.has(f)) return true;
    seen.add(f);
    const a = engine.analyses.get(f);
    if (a?.context !== 'callers' || !a.fn.isStatic) roots.add(f);
    const direct = engine.graph.callsTo(f).filter((e) => e.kind === 'direct' && engine.graph.functions.has(e.from));
    if (depth >= MAX_ROOT_DEPTH && direct.length) return false;
    return direct.every((e) => rise(e.from, depth + 1)) && roots.size <= 1;
  };
  return rise(fn, 0) && roots.size === 1 ? [...roots][0] : undefined;
}
