/**
 * Re-analysis after an edit: given the engine result for the old text and the
 * re-parsed files, explore again only the functions whose text changed and,
 * bottom-up, the callers whose callees' summaries changed; everything else is
 * reused. The result is the one a full analyzeLocks() would give.
 */
import type { FunctionInfo, ParsedFile } from '../syntax';
import { buildCfg, type Cfg } from '../cfg';
import { buildCallGraph, operationMember, type CallEdge, type CallGraph } from '../callgraph';
import {
  addCallerContext,
  addEntryContexts,
  whole,
  globalNames,
  analyzeLocks,
  factsKey,
  callbackMap,
  DEFAULT_ENGINE_OPTIONS,
  definedOnly,
  explorer,
  orderForSummaries,
  settle,
  unsettledMessage,
  treeSummaries,
  type EngineOptions,
  type EngineResult,
} from './engine';
import type { FunctionAnalysis } from './explore';
import { typeEnvOf, type TypeEnv } from './typeEnv';
import { withOwnMacros } from './ownMacros';

export interface Reanalysis {
  engine: EngineResult;
  /** Functions explored again, in the order they were. */
  reexplored: string[];
}

/** `options` must be the ones `prev` was computed with (knowledge, assumptions, bounds). */
export function reanalyzeLocks(prev: EngineResult, input: ParsedFile[], options: EngineOptions = {}): Reanalysis {
  const files = withOwnMacros(input, prev.knowledge);
  const graph = buildCallGraph(files);
  const opts = { ...DEFAULT_ENGINE_OPTIONS, ...definedOnly(options) };
  const callbacks = callbackMap(graph);
  const globals = globalNames(files, prev.knowledge);
  const dirty = editedFunctions(prev, graph, files, callbacks);
  const callbackEdges = graph.edges.filter((e) => e.kind === 'callback');

  const cfgs = new Map<string, Cfg>();
  const envs = new Map<string, TypeEnv>();
  // Other files' summaries (the tree index) first, as the full engine starts.
  const summaries = treeSummaries(graph, prev.knowledge, options.tree);
  for (const name of graph.functions.keys()) {
    const old = prev.summaries.get(name);
    if (old && !dirty.has(name)) summaries.set(name, old);
  }
  const analyses = new Map<string, FunctionAnalysis>();
  // A function gone from view changed for its callers, unless the index has the same summary of it.
  const changed = new Set<string>([...prev.summaries.keys()].filter((n) => !graph.functions.has(n) && JSON.stringify(summaries.get(n)) !== JSON.stringify(prev.summaries.get(n))));
  const reexplored: string[] = [];
  const limits: string[] = [];

  // A reused function keeps its old tree (its offsets may have moved in the new text).
  const source = new Map<string, { fn: FunctionInfo; file: ParsedFile }>();
  const sccs = orderForSummaries(graph);
  // Types of every function first: counters and purity read them all.
  for (const [name, { fn, file }] of graph.functions) {
    if (!dirty.has(name) && prev.envs.has(name)) continue;
    envs.set(name, typeEnvOf(file, fn, prev.knowledge));
  }
  for (const [name, env] of prev.envs) if (!envs.has(name) && graph.functions.has(name)) envs.set(name, env);
  const facts = whole(graph, files, sccs, prev.knowledge, envs, opts, options.tree);
  // A fact every walk reads changed (a call now made as a statement is no longer a query, ...): start over.
  if (factsKey(facts) !== prev.factsKey) {
    const engine = analyzeLocks(files, { ...options, watchers: prev.watchers });
    return { engine, reexplored: [...graph.functions.keys()] };
  }
  const explore = explorer({ where: (name) => source.get(name)!, cfgs, envs, knowledge: prev.knowledge, summaries, callbacks, options: opts, assumptions: options.assumptions ?? [], watchers: prev.watchers, ...facts });

  for (const scc of sccs) {
    const unsettled = unsettledMessage(scc);
    if (!scc.some((n) => dirty.has(n) || dependsOnChanged(graph, callbackEdges, n, changed))) {
      for (const name of scc) reuse(name);
      if (prev.limits.includes(unsettled)) limits.push(unsettled);
      continue;
    }
    const before = new Map(scc.map((n) => [n, JSON.stringify(prev.summaries.get(n))]));
    for (const name of scc) {
      const { fn, file } = graph.functions.get(name)!;
      source.set(name, { fn, file });
      cfgs.set(name, buildCfg(file, fn, prev.knowledge));
      envs.set(name, typeEnvOf(file, fn, prev.knowledge));
      summaries.delete(name);
      reexplored.push(name);
    }
    // The same fixpoint as the full engine, from the same (empty) start.
    const notSettled = settle(scc, graph, explore, analyses, summaries, globals, prev.knowledge);
    if (notSettled) limits.push(notSettled);
    for (const name of scc) if (JSON.stringify(summaries.get(name)) !== before.get(name)) changed.add(name);
  }

  // Reused analyses of helpers that release their caller's lock are the caller-context
  // versions; that step starts from the plain ones, as in the full engine. Functions with
  // an entry context keep theirs when it did not change.
  const fresh = new Set(reexplored);
  for (const [name, a] of analyses) if (a.callerReleases.length && a.context !== 'callers' && !fresh.has(name)) analyses.set(name, explore(name));
  addEntryContexts(sccs, analyses, explore, globals, summaries, { contexts: prev.contexts, fresh });
  addCallerContext(analyses, summaries, explore, prev.knowledge);
  for (const a of analyses.values()) limits.push(...a.limits);
  const engine: EngineResult = { files, graph, knowledge: prev.knowledge, cfgs, envs, analyses, summaries, limits, contexts: explore.contexts, watchers: prev.watchers, factsKey: prev.factsKey, pure: prev.pure, ...(options.tree ? { tree: options.tree } : {}) };
  return { engine, reexplored };

  function reuse(name: string): void {
    source.set(name, prev.graph.functions.get(name)!);
    cfgs.set(name, prev.cfgs.get(name)!);
    envs.set(name, prev.envs.get(name)!);
    analyses.set(name, prev.analyses.get(name)!);
  }
}

/** Functions that must be explored again: new, moved or edited, or given other callbacks. */
function editedFunctions(prev: EngineResult, graph: CallGraph, files: ParsedFile[], callbacks: Map<string, string[]>): Set<string> {
  const dirty = new Set<string>();
  const oldOutside = new Map(prev.files.map((f) => [f.path, outsideFunctions(f)]));
  // Declarations (structs, globals) feed lock classes in every function: an edit there redoes all.
  if (files.length !== prev.files.length || files.some((f) => oldOutside.get(f.path) !== outsideFunctions(f))) return new Set(graph.functions.keys());
  for (const [name, { fn, file }] of graph.functions) {
    const old = prev.graph.functions.get(name);
    if (!old || !prev.analyses.has(name) || old.file.path !== file.path || old.fn.line !== fn.line || sourceOf(old.file, old.fn) !== sourceOf(file, fn)) dirty.add(name);
  }
  const before = callbackMap(prev.graph);
  for (const key of new Set([...before.keys(), ...callbacks.keys()])) {
    if (JSON.stringify(before.get(key)) !== JSON.stringify(callbacks.get(key))) dirty.add(key.split('\u0000')[0]);
  }
  return dirty;
}

/** Whether a function calls (or is passed, or passes as a callback) one whose summary changed. */
function dependsOnChanged(graph: CallGraph, callbackEdges: CallEdge[], name: string, changed: Set<string>): boolean {
  if (!changed.size) return false;
  if (graph.callsFrom(name).some((e) => changed.has(e.to) || (e.kind === 'indirect' && graph.operations.get(operationMember(e.to) ?? '')?.some((impl) => changed.has(impl))))) return true;
  const { fn } = graph.functions.get(name)!;
  return callbackEdges.some((e) => changed.has(e.to) && e.file === fn.file && e.line >= fn.line && e.line <= fn.endLine);
}

function sourceOf(file: ParsedFile, fn: FunctionInfo): string {
  return file.text.slice(fn.start, fn.end);
}

/** The file's text between its functions: what every function in it depends on. */
function outsideFunctions(file: ParsedFile): string {
  const parts: string[] = [];
  let pos = 0;
  for (const fn of [...file.functions].sort((a, b) => a.start - b.start)) {
    parts.push(file.text.slice(pos, fn.start));
    pos = Math.max(pos, fn.end);
  }
  parts.push(file.text.slice(pos));
  return parts.join('\u0000');
}
