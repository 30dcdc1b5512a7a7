import { flowchartText } from '../mermaid/flowchart';
import type { GraphEdge, GraphModel, GraphNode } from '../mermaid/model';
import type { CallEdge, CallGraph, CallNode } from './build';

/** Which calls a rooted view follows: what the root calls, what calls it, or both. */
export type CallDirection = 'callees' | 'callers' | 'both';
export const CALL_DIRECTIONS: readonly CallDirection[] = ['callees', 'callers', 'both'];

export interface CallGraphView {
  /** Nearest to the root first. */
  nodes: CallNode[];
  edges: CallEdge[];
  /** Nodes left out by the depth bound. */
  omitted: number;
  root?: string;
  depth?: number;
  direction?: CallDirection;
}

/** The part of the graph within `depth` calls of `root` in `direction` (all of it without a root). */
export function selectCallGraph(graph: CallGraph, root?: string, depth = Infinity, direction: CallDirection = 'callees'): CallGraphView {
  if (!root) return { nodes: graph.nodes, edges: graph.edges, omitted: 0 };
  const down = direction !== 'callers';
  const up = direction !== 'callees';
  const next = (name: string): string[] => [...(down ? graph.callsFrom(name).map((e) => e.to) : []), ...(up ? graph.callsTo(name).map((e) => e.from) : [])];
  const seen = new Map<string, number>([[root, 0]]);
  const queue = [root];
  const beyond = new Set<string>();
  while (queue.length) {
    const name = queue.shift()!;
    const d = seen.get(name)!;
    for (const other of next(name)) {
      if (seen.has(other)) continue;
      if (d >= depth) beyond.add(other);
      else {
        seen.set(other, d + 1);
        queue.push(other);
      }
    }
  }
  for (const name of seen.keys()) beyond.delete(name);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const nodes = [...seen.keys()].map((name) => byName.get(name)).filter((n): n is CallNode => !!n);
  // An edge is in the view when the walk could have followed it.
  const within = (name: string) => seen.has(name) && seen.get(name)! < depth;
  const edges = graph.edges.filter((e) => seen.has(e.from) && seen.has(e.to) && ((down && within(e.from)) || (up && within(e.to))));
  return { nodes, edges, omitted: beyond.size, root, depth, direction };
}

export function callGraphToJson(view: CallGraphView): object {
  return {
    ...(view.root ? { root: view.root, depth: Number.isFinite(view.depth) ? view.depth : null, direction: view.direction } : {}),
    nodes: view.nodes.map((n) => ({ name: n.name, file: n.file ?? null, line: n.line ?? null, defined: n.defined, ...(n.pointer ? { pointer: true } : {}) })),
    edges: view.edges.map((e) => ({
      from: e.from,
      to: e.to,
      kind: e.kind,
      file: e.file,
      line: e.line,
      ...(e.viaParam ? { viaParam: e.viaParam } : {}),
    })),
    omitted: view.omitted,
  };
}

/** Past this a call graph is unreadable: the nodes farthest from the root are cut, and the banner says so. */
export const MAX_DIAGRAM_NODES = 60;

export interface CallGraphDrawing {
  /** Functions that take, drop or need a lock (or are lock primitives): drawn emphasised, and what `lockOnly` keeps. */
  lockRelevant?: (name: string) => boolean;
  /** Only the lock-relevant functions and the calls that lead to them. */
  lockOnly?: boolean;
  maxNodes?: number;
}

/** The view as a graph model: one node per function, one edge per distinct call, pruned to `maxNodes` with a banner. */
export function callGraphModel(view: CallGraphView, drawing: CallGraphDrawing = {}): GraphModel {
  const relevant = drawing.lockRelevant ?? (() => false);
  const maxNodes = drawing.maxNodes ?? MAX_DIAGRAM_NODES;
  let nodes = view.nodes;
  let edges = distinctCalls(view.edges);
  if (drawing.lockOnly) ({ nodes, edges } = leadingToLocks(nodes, edges, relevant, view.root));
  // Rooted views are nearest first; a whole file draws its own functions first.
  const order = view.root ? nodes : [...nodes.filter((n) => n.defined), ...nodes.filter((n) => !n.defined)];
  const kept = order.slice(0, maxNodes);
  const keptNames = new Set(kept.map((n) => n.name));
  const cut = order.slice(maxNodes);
  const drawnEdges = edges.filter((e) => keptNames.has(e.from) && keptNames.has(e.to));
  const graphNodes: GraphNode[] = kept.map((n) => ({
    key: n.name,
    label: n.name + (n.defined ? '' : n.pointer ? ' (pointer)' : ' (extern)'),
    file: n.file,
    line: n.line,
    shape: n.name === view.root ? 'round' : 'box',
    emphasis: relevant(n.name) ? 'lock' : n.defined ? 'normal' : 'muted',
  }));
  const graphEdges: GraphEdge[] = drawnEdges.map((e) => ({
    from: e.from,
    to: e.to,
    kind: e.kind === 'direct' ? 'solid' : e.kind === 'indirect' ? 'dotted' : 'thick',
    label: e.kind === 'indirect' ? 'indirect' : e.kind === 'callback' ? `callback${e.viaParam ? ' as ' + e.viaParam : ''}` : undefined,
    emphasis: relevant(e.to) ? 'lock' : 'normal',
  }));
  return { direction: 'LR', nodes: graphNodes, edges: graphEdges, banner: bannerOf(view, cut, edges.length - drawnEdges.length, maxNodes, drawing.lockOnly ? view.nodes.filter((n) => !nodes.includes(n)).map((n) => n.name) : []) };
}

export function callGraphToMermaid(view: CallGraphView, drawing?: CallGraphDrawing): string {
  return flowchartText(callGraphModel(view, drawing));
}

function distinctCalls(edges: CallEdge[]): CallEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}\u0000${e.to}\u0000${e.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The root, the lock-relevant functions, and every function in the view with a call path to one of them. */
function leadingToLocks(nodes: CallNode[], edges: CallEdge[], relevant: (name: string) => boolean, root?: string): { nodes: CallNode[]; edges: CallEdge[] } {
  const keep = new Set(nodes.filter((n) => relevant(n.name)).map((n) => n.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of edges) {
      if (keep.has(e.to) && !keep.has(e.from)) {
        keep.add(e.from);
        grew = true;
      }
    }
  }
  if (root) keep.add(root);
  return { nodes: nodes.filter((n) => keep.has(n.name)), edges: edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}

function bannerOf(view: CallGraphView, cut: CallNode[], cutCalls: number, maxNodes: number, hidden: string[]): string | undefined {
  const parts: string[] = [];
  if (cut.length) {
    const names = cut.slice(-3).map((n) => n.name);
    parts.push(`${cut.length} more functions and ${cutCalls} more calls not drawn (limit ${maxNodes} functions; ${view.root ? 'the farthest from the root' : 'functions defined elsewhere'} cut first, e.g. ${names.join(', ')})`);
  }
  if (view.omitted) parts.push(`${view.omitted} more past depth ${view.depth}`);
  if (hidden.length) parts.push(`${hidden.length} function${hidden.length === 1 ? '' : 's'} without lock effects hidden (${hidden.slice(0, 3).join(', ')}${hidden.length > 3 ? ', …' : ''})`);
  return parts.length ? parts.join('; ') : undefined;
}
