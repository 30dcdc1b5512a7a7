/**
 * The interprocedural lock engine: functions are explored bottom-up over the
 * call graph (callees and callbacks first; mutual recursion iterated to a
 * fixpoint), each with the summaries of what it calls.
 */
import { ConstantTable, type FunctionInfo, type ParsedFile } from '../syntax';
import { buildCfg, type Cfg } from '../cfg';
import { buildCallGraph, localNames, operationMember, type CallGraph } from '../callgraph';
import { kindOfClass, lockClass } from './identity';
import { callerHolding } from './callers';
import { entryContexts, entryFromCallers, graphKernelContexts, parameterAliases, type KernelHold } from './entry';
import { exploreFunction, gateOf, type EntryContext, type FunctionAnalysis } from './explore';
import type { TreeCallSite, TreeFacts } from './treeFacts';
import { conditionQueries, countedFields, countRaisers, countingSemaphores, interiorLists, lockAccessors, lockPointers, objectKeepers, objectPutters, ownFlags, pureByKnowledge, pureFunctions, referenceReturners, unreadParameters } from './facts';
import { definedIterators, iteratorCursors } from './iteratorCursors';
import { resultKeepers } from './resultKeepers';
import { ATOMIC, isGlobalName, knowledgeWith, namedByKnowledge, SLEEPING, type Knowledge, type KnowledgeDocument } from '../knowledge';
import type { Held, Origin } from './state';
import { summarize } from './summary';
import type { FunctionSummary } from './summaryTypes';
import { TreeSummaryMap } from './treeSummaryMap';
import { annotationInst, firstOperation, lockPointersPassed, stableLocals, takenInBody, writtenParams } from './stablePaths';
import { typeEnvOf, type TypeEnv } from './typeEnv';
import type { WatcherKind } from './watch';
import { byCodePoint } from '../text/compare';
import { knownSummary } from './knownSummaries';
import { containerAccessors } from './containerAccessors';
import { withOwnMacros } from './ownMacros';
import { sharedNames } from './macroNames';
import { learnFieldTypes } from './fieldTypes';

export interface ContextAssumption {
  function: string;
  /** Locks held when the function is called, as written there (`dev->mutex`, `&group->mutex`). */
  held: string[];
  /** Why they are, for messages (`the kernel calls ethtool_ops.get_ringparam with it held`). */
  why?: string;
}

export interface EngineOptions {
  maxPaths?: number;
  maxSteps?: number;
  /** Wall-clock budget for one review, in ms: what is not done by then is reported as partly analysed. */
  timeBudgetMs?: number;
  /** Knowledge documents that extend the shipped one (a user's file, the editor's lock functions). */
  knowledge?: KnowledgeDocument[];
  assumptions?: ContextAssumption[];
  /** Rules' watchers of the walk (locks/watch.ts). */
  watchers?: readonly WatcherKind[];
  /** What the tree index knows of the other files: their summaries, their calls under locks, their orders. */
  tree?: TreeFacts;
}

export type Bounds = Required<Pick<EngineOptions, 'maxPaths' | 'maxSteps' | 'timeBudgetMs'>>;

export const DEFAULT_ENGINE_OPTIONS: Bounds = {
  maxPaths: 2000,
  maxSteps: 200_000,
  timeBudgetMs: 10_000,
};

export interface EngineResult {
  files: ParsedFile[];
  graph: CallGraph;
  knowledge: Knowledge;
  cfgs: Map<string, Cfg>;
  envs: Map<string, TypeEnv>;
  analyses: Map<string, FunctionAnalysis>;
  summaries: Map<string, FunctionSummary>;
  limits: string[];
  /** The locks every caller in view holds, by function (see addEntryContexts). */
  contexts: Map<string, Held[]>;
  /** The watchers the walk ran with, for a re-analysis to run with the same. */
  watchers: readonly WatcherKind[];
  /** The whole-program facts every walk read (purity, accessors, reference returners), as one key. */
  factsKey: string;
  /** Functions in view that write nothing but their locals and call only such functions (facts.ts pureFunctions()). */
  pure: ReadonlySet<string>;
  /** The tree index's facts the analysis used, if any. */
  tree?: TreeFacts;
}

export const MAX_FIXPOINT_ROUNDS = 6;

export function analyzeLocks(input: ParsedFile[], options: EngineOptions = {}): EngineResult {
  const knowledge = knowledgeWith(options.knowledge);
  const files = withOwnMacros(input, knowledge);
  const graph = buildCallGraph(files);
  const opts = { ...DEFAULT_ENGINE_OPTIONS, ...definedOnly(options) };
  const cfgs = new Map<string, Cfg>();
  const envs = new Map<string, TypeEnv>();
  for (const { fn, file } of graph.functions.values()) {
    cfgs.set(fn.name, buildCfg(file, fn, knowledge));
    envs.set(fn.name, typeEnvOf(file, fn, knowledge));
  }
  const globals = globalNames(files, knowledge);
  const summaries = treeSummaries(graph, knowledge, options.tree);
  const analyses = new Map<string, FunctionAnalysis>();
  const limits: string[] = [];
  const sccs = orderForSummaries(graph);
  const watchers = options.watchers ?? [];
  const facts = whole(graph, files, sccs, knowledge, envs, opts, options.tree);
  const explore = explorer({ where: (name) => graph.functions.get(name)!, cfgs, envs, knowledge, summaries, callbacks: callbackMap(graph), options: opts, assumptions: options.assumptions ?? [], watchers, ...facts });

  for (const scc of sccs) {
    const unsettled = settle(scc, graph, explore, analyses, summaries, globals, knowledge);
    if (unsettled) limits.push(unsettled);
  }
  addEntryContexts(sccs, analyses, explore, globals, summaries);
  addCallerContext(analyses, summaries, explore, knowledge);
  for (const a of analyses.values()) limits.push(...a.limits);
  return { files, graph, knowledge, cfgs, envs, analyses, summaries, limits, contexts: explore.contexts, watchers, factsKey: factsKey(facts), pure: facts.pure, ...(options.tree ? { tree: options.tree } : {}) };
}

/**
 * The summaries of functions not in view: those the knowledge describes (one that
 * returns its object locked), and those other files of the tree define, as the index
 * made them: a call of one is walked through it as through one in view. A name the
 * knowledge classes (a primitive, a sleeping call, a reference getter) keeps
 * the knowledge's word, as it does over a header's inline.
 */
export function treeSummaries(graph: CallGraph, knowledge: Knowledge, tree: TreeFacts | undefined): Map<string, FunctionSummary> {
  return new TreeSummaryMap((name) => {
    if (graph.functions.has(name)) return undefined;
    const known = knownSummary(knowledge, name);
    if (known || !tree) return known;
    const s = namedByKnowledge(knowledge, name) ? undefined : tree.summaries.get(name);
    return s && { ...s.summary, definedIn: `${s.file}:${s.line}` };
  });
}

/** What an edit elsewhere can change in every walk: when it changes, nothing of the last analysis can be kept. */
export function factsKey(facts: ReturnType<typeof whole>): string {
  return JSON.stringify([[...facts.pure].sort(), [...facts.accessors].sort(([a], [b]) => byCodePoint(a, b)), [...facts.referencing].sort(), [...facts.keepers].map(([f, ps]) => `${f}:${[...ps].sort()}`).sort(), [...facts.resultKept].map(([f, ps]) => `${f}:${[...ps].sort()}`).sort(), [...facts.putters].map(([f, ps]) => `${f}:${[...ps].sort()}`).sort(), [...facts.unread].map(([f, ps]) => `${f}:${[...ps].sort()}`).sort(), [...facts.pointsTo].sort(), [...facts.counters].sort(), [...facts.counted].sort(), [...facts.interiorLists].sort(), [...facts.operations].sort(([a], [b]) => byCodePoint(a, b)), [...facts.flags].map(([f, ps]) => `${f}:${[...ps.keys()]}`).sort(), [...facts.constants].sort(([a], [b]) => byCodePoint(a, b)), [...facts.kernelContexts].sort(([a], [b]) => byCodePoint(a, b)), [...facts.iterators].sort(([a], [b]) => byCodePoint(a, b)), facts.fieldTypes, [...facts.containerAccessors].sort(([a], [b]) => byCodePoint(a, b))]);
}

/** The names every function may reach a lock from: the files' globals and the kernel's own (`current`). */
export function globalNames(files: ParsedFile[], knowledge: Knowledge): Set<string> {
  return new Set([...files.flatMap((f) => [...f.globals.keys()]), ...knowledge.globals.keys()]);
}

/** What the walk of each function needs to know about all of them: purity, recursion, counters, who is closed, the deadline. */
export function whole(graph: CallGraph, files: ParsedFile[], sccs: string[][], knowledge: Knowledge, envs: Map<string, TypeEnv>, opts: Bounds, tree?: TreeFacts) {
  const sccOf = new Map<string, string[]>();
  for (const scc of sccs) for (const n of scc) sccOf.set(n, scc);
  // First: every class below reads the field types the code states.
  const fieldTypes = learnFieldTypes(graph, envs, knowledge);
  const queries = conditionQueries(graph, knowledge, envs);
  const counted = countedFields(graph, envs, knowledge);
  const keepers = objectKeepers(graph, knowledge, countRaisers(graph, envs, knowledge, counted));
  const iterators = definedIterators(files);
  return {
    fieldTypes,
    pure: new Set([...pureFunctions(graph, knowledge, queries), ...queries]),
    accessors: lockAccessors(graph, knowledge),
    referencing: referenceReturners(graph, knowledge),
    keepers,
    /** Functions in view that take an argument out of its list on the ways their result says (resultKeepers.ts). */
    resultKept: resultKeepers(graph, knowledge, keepers),
    putters: objectPutters(graph, knowledge),
    unread: unreadParameters(graph),
    flags: ownFlags(graph, knowledge),
    pointsTo: lockPointers(graph, envs, knowledge),
    sccOf,
    counters: countingSemaphores(graph, envs, knowledge),
    counted,
    interiorLists: interiorLists(graph, envs, knowledge),
    operations: graph.operations,
    callers: withTreeCallers(entryContexts(graph, files, knowledge), graph, tree),
    /** Locks and contexts the kernel holds when it calls a function through an ops struct or as a registered callback (entry.ts kernelCallContexts). */
    kernelContexts: graphKernelContexts(files, graph, knowledge, envs),
    /** Calls of the functions in view from other files of the tree, all under locks. */
    treeCallers: tree?.callers ?? new Map<string, Array<TreeCallSite & { file: string }>>(),
    /** Locks every caller in view holds, by function (filled by addEntryContexts). */
    contexts: new Map<string, Held[]>(),
    aliases: new Map<string, ReadonlyMap<string, string>>(),
    /** Each function's locals that stand for a path from its parameters (computed once). */
    locals: new Map<string, ReadonlyMap<string, string>>(),
    deadline: Date.now() + opts.timeBudgetMs,
    /** The integer constants the kernel's headers (the knowledge's word) and the files in view define. */
    constants: ConstantTable.join([knowledge.constants, ...files.map((f) => f.constants)]),
    iterators,
    /** Functions that only answer container_of() of their parameter, with its member (containerAccessors.ts). */
    containerAccessors: containerAccessors(graph, knowledge),
    /** Which argument of each loop macro is its cursor (iteratorCursors.ts). */
    iteratorEntry: iteratorCursors(iterators, knowledge),
  };
}

/**
 * A function other files call, every one of them under a lock, and that no
 * file uses as a value, has its callers known: those in view and those the
 * tree index saw. (A static function's callers are all in view already.)
 */
function withTreeCallers(contexts: Map<string, EntryContext>, graph: CallGraph, tree: TreeFacts | undefined): Map<string, EntryContext> {
  if (!tree) return contexts;
  for (const [name, context] of contexts) {
    if (context === 'unknown' && !graph.functions.get(name)!.fn.isStatic && tree.callers.has(name) && !tree.valueUsed.has(name)) contexts.set(name, 'callers');
  }
  return contexts;
}

/** Recursions of at most this many functions find their contexts in rounds, at most this many. */
const MAX_RECURSION_ROUNDS_SIZE = 16;
const MAX_RECURSION_ROUNDS = 3;

/**
 * Callers first, each function that only callers in view can call is explored
 * again with the locks all of them hold when calling it.
 */
export function addEntryContexts(
  sccs: string[][],
  analyses: Map<string, FunctionAnalysis>,
  explore: Explore,
  globals: ReadonlySet<string>,
  summaries: Map<string, FunctionSummary>,
  reused?: { contexts: Map<string, Held[]>; fresh: ReadonlySet<string> },
): void {
  // Who calls whom does not change when a function is walked again: index it once, not per callee.
  const callersOf = new Map<string, Set<string>>();
  for (const [caller, c] of analyses) for (const site of c.callSites) callersOf.set(site.callee, (callersOf.get(site.callee) ?? new Set()).add(caller));
  for (const scc of [...sccs].reverse()) {
    // In a recursion (`drop(table)` calls `drop(parent)` under the lock its caller took), a caller in it is walked with
    // the context this loop is still finding: first from the callers outside it, then from all, walked again, until
    // no context changes. A context only loses locks round by round; the rounds are bounded.
    const inner = new Set(scc);
    const recursive = scc.length > 1 || !!callersOf.get(scc[0])?.has(scc[0]);
    // (A recursion nothing outside calls has no first caller to start from: walked once, as any function.)
    const entered = scc.some((name) => [...(callersOf.get(name) ?? [])].some((c) => !inner.has(c)));
    const rounds = recursive && entered && scc.length <= MAX_RECURSION_ROUNDS_SIZE ? MAX_RECURSION_ROUNDS : 1;
    const walked = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      const outsideOnly = rounds > 1 && round === 0;
      let changed = false;
      for (const name of scc) {
        const a = analyses.get(name);
        if (!a || a.context !== 'callers') continue;
        const callers = [...(callersOf.get(name) ?? [])].filter((c) => !outsideOnly || !inner.has(c)).flatMap((c) => analyses.get(c)?.callSites ?? []);
        // Interrupts or preemption off in a caller elsewhere is most often boot or arch code that runs so on purpose (and may
        // allocate while booting): only the locks and the RCU sections of other files' callers are an entry context.
        const external = (explore.treeCallers.get(name) ?? []).map((site) => ({ ...site, held: site.held.filter((h) => h.kind !== 'irq' && h.kind !== 'preempt'), callee: name, where: `${site.file}:${site.line}, in ${site.caller}()` }));
        const params = a.fn.params.map((p) => p.name);
        const entry = entryFromCallers(name, params, a.fn.line, [...callers, ...external], sharedNames(a.file, a.fn, globals));
        const aliases = parameterAliases(name, params, [...callers, ...external]);
        if (round > 0 && JSON.stringify(explore.contexts.get(name) ?? []) === JSON.stringify(entry) && JSON.stringify([...(explore.aliases.get(name) ?? [])]) === JSON.stringify([...aliases])) continue;
        changed = true;
        if (aliases.size) explore.aliases.set(name, aliases);
        else explore.aliases.delete(name);
        // A function kept from the previous analysis already ran with its context: walk it again only if that changed
        // (or an earlier round walked it with another).
        const kept = reused && !reused.fresh.has(name) && !walked.has(name);
        if (kept && !aliases.size && JSON.stringify(reused.contexts.get(name) ?? []) === JSON.stringify(entry)) {
          if (entry.length) explore.contexts.set(name, entry);
          continue;
        }
        if (!entry.length && !aliases.size) {
          explore.contexts.delete(name);
          if (kept || walked.has(name)) analyses.set(name, explore(name));
          continue;
        }
        explore.contexts.set(name, entry);
        walked.add(name);
        // Callers in other files are told nothing here: what it does under their locks is said in this walk.
        if (rounds === 1 && !aliases.size && contextInert(a, entry, summaries) && !kept && !entry.some((h) => h.heldBy)) holdThroughout(a, entry);
        else analyses.set(name, explore(name));
      }
      if (!changed) break;
    }
  }
}

/**
 * Whether its callers' locks would change nothing in a walk of this function
 * but their presence at each line: it never gives back a lock of their
 * classes, itself or through what it calls. (What it takes or sleeps on under
 * them is told at the callers, through its summary.)
 */
function contextInert(a: FunctionAnalysis, entry: Held[], summaries: Map<string, FunctionSummary>): boolean {
  if (a.callerReleases.length || a.drops.length) return false;
  const classes = new Set(entry.map((h) => h.cls));
  if ([...a.releasedClasses].some((c) => classes.has(c))) return false;
  return a.callSites.every((c) => !summaries.get(c.callee)?.effects.some((e) => e.op === 'release' && classes.has(e.ref.cls)));
}

/**
 * Walking a lock-free function again with its callers' locks would only add
 * them everywhere: do that to its record instead (each line, each call it makes).
 */
function holdThroughout(a: FunctionAnalysis, entry: Held[]): void {
  for (const h of entry) a.classes.set(h.inst, h.cls);
  for (const st of [...a.lines.values(), ...a.storesAfter.values()]) {
    for (const h of entry) {
      st.must?.add(h.inst);
      st.may.add(h.inst);
      st.mustClasses.add(h.cls);
    }
  }
  for (const site of a.callSites) site.held = [...site.held, ...entry.filter((h) => !site.held.some((x) => x.inst === h.inst)).map((h) => ({ ...h }))];
  // Its lock orders are taken with theirs held all the while.
  const gates = entry.flatMap((h) => gateOf(h) ?? []);
  for (const e of a.orderEdges) e.under = [...new Set([...e.under, ...gates])];
}

export interface Explore {
  (name: string, extra?: Held[]): FunctionAnalysis;
  contexts: Map<string, Held[]>;
  /** Parameters every call passes as a member path of another (entry.ts parameterAliases), by function. */
  aliases: Map<string, ReadonlyMap<string, string>>;
  treeCallers: TreeFacts['callers'];
}

/**
 * An accessor in view (or a header's) that says the struct it answers (`struct udf_inode_info *UDF_I(...)`):
 * a local set from it may be named by the call, whose type is still known. (A getter of a `void *`
 * leaves the type to the local it is stored in: that local keeps its name.)
 */
function typedAccessor(fn: FunctionInfo | undefined): boolean {
  return !!fn && /^(?:const\s+)?struct\s+\w+\s*\*$/.test(fn.returnType.trim());
}

/** Explores a function by name with the given CFGs, types and summaries (shared with incremental re-analysis). */
export function explorer(ctx: {
  where: (name: string) => { fn: FunctionInfo; file: ParsedFile };
  cfgs: Map<string, Cfg>;
  envs: Map<string, TypeEnv>;
  knowledge: Knowledge;
  summaries: Map<string, FunctionSummary>;
  callbacks: Map<string, string[]>;
  options: Bounds;
  assumptions: ContextAssumption[];
  watchers: readonly WatcherKind[];
} & ReturnType<typeof whole>): Explore {
  const run = (name: string, extra: Held[] = []) => {
    const { fn, file } = ctx.where(name);
    const env = ctx.envs.get(name)!;
    let locals = ctx.locals.get(name);
    if (!locals) ctx.locals.set(name, (locals = stableLocals(file, fn, ctx.knowledge, (callee) => ctx.pure.has(callee) && typedAccessor(ctx.where(callee)?.fn))));
    const own = [...entryLocks(file, fn, env, [...ctx.assumptions, ...kernelAssumptions(fn, ctx.kernelContexts.get(name))], ctx.knowledge, locals, ctx.pointsTo, ctx.summaries)];
    const written = writtenParams(file, fn);
    const params = new Set(fn.params.map((p) => p.name));
    for (const h of [...(ctx.contexts.get(name) ?? []), ...extra]) if (!own.some((o) => o.inst === h.inst)) own.push(h);
    const walk = (ownFlags?: ReadonlyMap<string, number>) => exploreFunction({
      file,
      fn,
      cfg: ctx.cfgs.get(name)!,
      env,
      knowledge: ctx.knowledge,
      summaries: ctx.summaries,
      callbacksFor: (helper, param) => ctx.callbacks.get(`${helper}\u0000${param}`) ?? [],
      operations: (member) => ctx.operations.get(member) ?? [],
      entry: own,
      entryAliases: ctx.aliases.get(name),
      context: ctx.callers.get(name) ?? 'unknown',
      isPure: (callee) => ctx.pure.has(callee) || pureByKnowledge(ctx.knowledge, callee),
      returnsReferenced: (callee) => ctx.referencing.has(callee),
      keptArguments: (callee) => ctx.keepers.get(callee),
      keptByResult: (callee) => ctx.resultKept.get(callee),
      putArguments: (callee) => ctx.putters.get(callee),
      unreadArguments: (callee) => ctx.unread.get(callee),
      pointsTo: ctx.pointsTo,
      accessor: (callee) => ctx.accessors.get(callee),
      recursive: (callee) => !!ctx.sccOf.get(name)?.includes(callee),
      counters: ctx.counters,
      counted: ctx.counted,
      interiorLists: ctx.interiorLists,
      containerAccessors: ctx.containerAccessors,
      locals,
      fixedRoot: (v) => (params.has(v) && !written.has(v)) || (!params.has(v) && isGlobalName(ctx.knowledge, file.globals, v)),
      deadline: ctx.deadline,
      constants: ctx.constants,
      iteratorEntry: ctx.iteratorEntry,
      options: ctx.options,
      watchers: ctx.watchers,
      ...(ownFlags ? { ownFlags } : {}),
    });
    // Its own flags at rest on entry, if every return leaves them so (a walk cut short has not seen every return); else walked again without.
    const flags = ctx.flags.get(name);
    const first = walk(flags);
    return flags && (first.ownFlagsBroken || first.truncated) ? walk() : first;
  };
  return Object.assign(run, { contexts: ctx.contexts, aliases: ctx.aliases, treeCallers: ctx.treeCallers });
}

/** Functions passed as a helper's parameter, by `helper\0param`, each once. */
export function callbackMap(graph: CallGraph): Map<string, string[]> {
  const callbacks = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.kind !== 'callback' || !e.viaParam) continue;
    const key = `${e.from}\u0000${e.viaParam}`;
    const list = callbacks.get(key) ?? [];
    if (!list.includes(e.to)) callbacks.set(key, [...list, e.to]);
  }
  return callbacks;
}

/**
 * Explores one strongly connected component until its summaries settle; the limit message when they do not.
 * A function the knowledge describes (`__filemap_get_folio()` returns its folio locked only when
 * asked with FGP_LOCK) keeps the knowledge's word for its callers in view too: the contract, which a
 * walk of its body may read less exactly.
 */
export function settle(
  scc: string[],
  graph: CallGraph,
  explore: Explore,
  analyses: Map<string, FunctionAnalysis>,
  summaries: Map<string, FunctionSummary>,
  globals: ReadonlySet<string>,
  knowledge: Knowledge,
): string | undefined {
  for (let round = 0; round < MAX_FIXPOINT_ROUNDS; round++) {
    let changed = false;
    for (const name of scc) {
      const analysis = explore(name);
      analyses.set(name, analysis);
      const summary = knownSummary(knowledge, name) ?? summarize(analysis, globals);
      if (JSON.stringify(summary) !== JSON.stringify(summaries.get(name))) changed = true;
      summaries.set(name, summary);
    }
    if (!changed || (scc.length === 1 && !selfRecursive(graph, scc[0]))) break;
    if (round === MAX_FIXPOINT_ROUNDS - 1) return unsettledMessage(scc);
  }
  return undefined;
}

export function unsettledMessage(scc: string[]): string {
  return `summaries of ${scc.join(', ')} (mutually recursive) did not settle in ${MAX_FIXPOINT_ROUNDS} rounds`;
}

/**
 * A function that releases its caller's lock runs, until then, with that
 * lock held: explore it again with the lock held on entry, so the lock state
 * at each of its lines is what it really is. What it released is kept.
 */
export function addCallerContext(
  analyses: Map<string, FunctionAnalysis>,
  summaries: Map<string, FunctionSummary>,
  reexplore: (name: string, extra: Held[]) => FunctionAnalysis,
  knowledge: Knowledge,
): void {
  for (const [name, a] of [...analyses]) {
    const extra: Held[] = [];
    for (const inst of new Set(a.callerReleases.map((c) => c.lock))) {
      const holder = callerHolding(analyses.values(), summaries, a, inst, knowledge);
      if (holder) extra.push({ ...holder.held, inst, line: a.fn.line, origin: 'assumed', count: 1, releasedFor: holder.chain[0] });
    }
    if (!extra.length) continue;
    const again = reexplore(name, extra);
    again.callerReleases = a.callerReleases;
    analyses.set(name, again);
  }
}

export function definedOnly(o: EngineOptions): Partial<Bounds> {
  const out: Partial<Bounds> = {};
  if (o.maxPaths !== undefined) out.maxPaths = o.maxPaths;
  if (o.maxSteps !== undefined) out.maxSteps = o.maxSteps;
  if (o.timeBudgetMs !== undefined) out.timeBudgetMs = o.timeBudgetMs;
  return out;
}

function selfRecursive(graph: CallGraph, name: string): boolean {
  return graph.callsFrom(name).some((e) => e.to === name);
}

/** Strongly connected components, callees (and callbacks) before their callers. */
export function orderForSummaries(graph: CallGraph): string[][] {
  const deps = new Map<string, string[]>();
  for (const name of graph.functions.keys()) deps.set(name, []);
  for (const e of graph.edges) {
    // A call through an operations table depends on the functions in view the member is set to.
    if (e.kind === 'indirect') for (const impl of graph.operations.get(operationMember(e.to) ?? '') ?? []) deps.get(e.from)?.push(impl);
    if (!graph.functions.has(e.to)) continue;
    // A callback is a dependency of the helper that calls it, and of the function that passes it.
    const users = e.kind === 'callback' ? [e.from, e.passedIn] : [e.from];
    for (const u of users) if (u && deps.has(u)) deps.get(u)!.push(e.to);
  }
  // Tarjan's algorithm, iterative.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const root of deps.keys()) {
    if (idx.has(root)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: root, i: 0 }];
    idx.set(root, index);
    low.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const succ = deps.get(top.v)!;
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.v, Math.min(low.get(top.v)!, idx.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].v, Math.min(low.get(work[work.length - 1].v)!, low.get(top.v)!));
      if (low.get(top.v) === idx.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        out.push(comp);
      }
    }
  }
  return out;
}

/** The locks the kernel calls a function with, as the function names them (`$0->addr_list_lock` is `dev->addr_list_lock`). */
function kernelAssumptions(fn: FunctionInfo, held: readonly KernelHold[] | undefined): ContextAssumption[] {
  return (held ?? []).flatMap((h) => {
    const k = /^\$(\d+)/.exec(h.lock)?.[1];
    const param = k === undefined ? undefined : fn.params[Number(k)]?.name;
    const lock = k === undefined ? h.lock : param ? param + h.lock.slice(k.length + 1) : undefined;
    return lock ? [{ function: fn.name, held: [lock], why: h.why }] : [];
  });
}

/** Locks held on entry: from `__must_hold`, `lockdep_assert_held`, `__releases` and user assumptions. */
export function entryLocks(file: ParsedFile, fn: FunctionInfo, env: TypeEnv, assumptions: ContextAssumption[], knowledge: Knowledge, locals: ReadonlyMap<string, string> = new Map(), pointsTo?: ReadonlyMap<string, string>, summaries?: ReadonlyMap<string, FunctionSummary>): Held[] {
  const held: Held[] = [];
  // Walked for only the functions that annotate or assume a lock.
  let pointers: ReadonlySet<string> | undefined;
  // (`address`: the text is the lock's address, as an assertion's argument always is.)
  const add = (text: string, origin: Origin, why?: string, address = false) => {
    const because = why ? { because: why } : {};
    // A context (`bh-off` of a timer callback, `irqs-off` of an interrupt handler), as its primitive enters it.
    const context = knowledge.contextEntries.get(knowledge.annotationContexts.get(text) ?? text);
    if (context) {
      if (!held.some((h) => h.inst === context.path)) held.push({ inst: context.path, cls: context.path, kind: context.kind, sleeps: false, atomic: ATOMIC.includes(context.kind), shared: false, line: fn.line, origin, count: 1, ...because });
      return;
    }
    pointers ??= lockPointersPassed(file, fn, knowledge, summaries);
    const inst = annotationInst(text, locals, pointers, address);
    if (held.some((h) => h.inst === inst)) return;
    const cls = lockClass(annotationInst(text, new Map(), pointers, address), env, file.structs, knowledge, pointsTo);
    const kind = kindOfClass(cls, file.structs, knowledge);
    held.push({ inst, cls, kind, sleeps: SLEEPING.includes(kind), atomic: ATOMIC.includes(kind), shared: false, line: fn.line, origin, count: 1, ...because });
  };
  const bare = (t: string) => annotationInst(t, locals);
  // `__releases(&call->user_mutex)` through a local of the body, which the body takes itself (sparse reads
  // no names): a lock of an object it found, no caller's. (A release callback's local for its container,
  // `fwc = p->fwc` under kref_put(), that it never takes, names its caller's lock; and an assertion,
  // `lockdep_assert_held(&tr->mutex)`, reads the local where it stands.)
  let declared: ReadonlySet<string> | undefined;
  const ofOwnLocal = (t: string) => {
    const root = /[A-Za-z_]\w*/.exec(t)?.[0];
    if (!root || locals.has(root) || fn.params.some((p) => p.name === root)) return false;
    declared ??= localNames(fn, file);
    return declared.has(root) && takenInBody(file, fn, knowledge, bare(t), locals);
  };
  const acquires = new Set(fn.annotations.filter((a) => a.kind === '__acquires' && a.args[0]).map((a) => bare(a.args[0])));
  for (const a of fn.annotations) {
    if (!a.args[0] || (a.kind !== 'lockdep_assert_held' && ofOwnLocal(a.args[0]))) continue;
    const paired = a.kind === '__releases' && acquires.has(bare(a.args[0]));
    // `__acquires(x) __releases(x)` on a body that first takes x: taken and given back inside, not held on entry.
    if (paired && firstOperation(file, fn, knowledge, bare(a.args[0]), locals) === 'acquire') continue;
    // `__releases(x) __acquires(x)`: dropped and taken back inside, held on entry and on return.
    if (a.kind === '__must_hold' || a.kind === 'lockdep_assert_held' || paired) add(a.args[0], 'must-hold', undefined, a.kind === 'lockdep_assert_held');
    else if (a.kind === '__releases') add(a.args[0], 'releases');
  }
  for (const a of assumptions) if (a.function === fn.name) for (const l of a.held) add(l, 'assumed', a.why);
  return held;
}
