/**
 * Contexts the kernel never runs concurrently with themselves for one object (knowledge
 * contextLifetimes.serialised): a NAPI poll, a work item, a timer, a tasklet. A function set up
 * so on one member of an object (`netif_napi_add(ndev, &qdev->napi, ql_poll)`: not an element of
 * an array of them), and used as a value nowhere else, runs one call at a time for each object
 * of that struct: what only it touches there, and code outside its lifetime, races with nothing.
 */
import { field, operator, unparen, type ParsedFile, type SNode } from '../syntax';
import type { Knowledge } from '../knowledge';
import type { CallGraph } from '../callgraph';
import { forEachValueUse, registeredBy, typeAround } from './entry';
import type { TypeEnv } from './typeEnv';
import { stripCasts } from './walkSyntax';

/** A function run by one serialised context per object: the object's struct, and why the kernel serialises it. */
export interface SerialisedContext {
  struct: string;
  why: string;
}

/** One answer per analysis (each builds its own call graph): the rules that ask share it. */
const byGraph = new WeakMap<CallGraph, ReadonlyMap<string, SerialisedContext>>();

/** serialisedCallbacks() of the functions in a call graph, made once per graph. */
export function graphSerialisedCallbacks(files: readonly ParsedFile[], graph: CallGraph, envs: ReadonlyMap<string, TypeEnv>, knowledge: Knowledge): ReadonlyMap<string, SerialisedContext> {
  let out = byGraph.get(graph);
  if (!out) byGraph.set(graph, (out = serialisedCallbacks(files, new Set(graph.functions.keys()), envs, knowledge)));
  return out;
}

/** The functions in view every value use of which sets them up as a serialised context on one object of one struct. */
function serialisedCallbacks(files: readonly ParsedFile[], names: ReadonlySet<string>, envs: ReadonlyMap<string, TypeEnv>, knowledge: Knowledge): Map<string, SerialisedContext> {
  const out = new Map<string, SerialisedContext | null>();
  if (!knowledge.serialisedContexts.size) return new Map();
  for (const f of files) {
    if (f.context) continue;
    forEachValueUse(f, knowledge, (name) => names.has(name), (name, node) => {
      const before = out.get(name);
      if (before === null) return;
      const now = serialisedUse(f, node, envs, knowledge);
      out.set(name, now && (!before || before.struct === now.struct) ? now : null);
    });
  }
  return new Map([...out].flatMap(([name, v]) => (v ? [[name, v] as const] : [])));
}

/** The serialised context this use sets the function up as, on a member of an object whose struct is known. */
function serialisedUse(f: ParsedFile, node: SNode, envs: ReadonlyMap<string, TypeEnv>, knowledge: Knowledge): SerialisedContext | undefined {
  const registrar = registeredBy(node, f.text, knowledge.serialisedContexts);
  const arg = registrar && node.parent!.children.filter((c) => c.named)[registrar.arg];
  const object = arg && memberOwner(arg, f.text);
  const struct = object ? typeAround(f, node, object, envs) : undefined;
  return struct ? { struct, why: registrar!.why } : undefined;
}

/**
 * `&v->member` (or `&v->a.b`, or `&v.a.b` of a struct variable, a file's single device say): the variable
 * whose object holds the context, once; none for an element of an array.
 */
function memberOwner(arg: SNode, text: string): string | undefined {
  const u = stripCasts(unparen(arg));
  if (u.type !== 'pointer_expression' || operator(u) !== '&') return undefined;
  let e = field(u, 'argument');
  if (e?.type !== 'field_expression') return undefined;
  while (e?.type === 'field_expression') e = field(e, 'argument');
  return e?.type === 'identifier' ? text.slice(e.start, e.end) : undefined;
}
