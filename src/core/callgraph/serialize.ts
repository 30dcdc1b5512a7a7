import { quoted, mermaidLabel } from '../mermaid/text';
import type { CallEdge, CallGraph, CallNode } from './build';

export interface CallGraphView {
  nodes: CallNode[];
  edges: CallEdge[];
  /** Nodes left out by the depth bound. */
  omitted: number;
}

/** The part of the graph reachable from `root` within `depth` calls (all of it without a root). */
export function selectCallGraph(graph: CallGraph, root?: string, depth = Infinity): CallGraphView {
  if (!root) return { nodes: graph.nodes, edges: graph.edges, omitted: 0 };
  const seen = new Map<string, number>([[root, 0]]);
  const queue = [root];
  while (queue.length) {
    const name = queue.shift()!;
    const d = seen.get(name)!;
    if (d >= depth) continue;
    for (const e of graph.callsFrom(name)) {
      if (!seen.has(e.to)) {
        seen.set(e.to, d + 1);
        queue.push(e.to);
      }
    }
  }
  const nodes = graph.nodes.filter((n) => seen.has(n.name));
  const edges = graph.edges.filter((e) => seen.has(e.from) && seen.has(e.to) && seen.get(e.from)! < depth);
  const reachableBeyond = new Set(graph.edges.filter((e) => seen.has(e.from) && !seen.has(e.to)).map((e) => e.to));
  return { nodes, edges, omitted: reachableBeyond.size };
}

export function callGraphToJson(view: CallGraphView): object {
  return {
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

/** Past these, a diagram is unreadable and mermaid refuses it (500 edges by default): the rest is counted in one node. */
export const MAX_DIAGRAM_NODES = 150;
export const MAX_DIAGRAM_EDGES = 400;

export function callGraphToMermaid(view: CallGraphView, maxNodes = MAX_DIAGRAM_NODES, maxEdges = MAX_DIAGRAM_EDGES): string {
  const ids = new Map<string, string>();
  const out = ['flowchart LR'];
  // Defined functions first, in order; node i keeps its id `n${i}` whether or not others are left out.
  const order = view.nodes.map((n, i) => ({ n, i })).sort((a, b) => Number(b.n.defined) - Number(a.n.defined) || a.i - b.i);
  const kept = new Set(order.slice(0, maxNodes).map((x) => x.i));
  let drawnEdges = 0;
  view.nodes.forEach((n, i) => {
    if (!kept.has(i)) return;
    ids.set(n.name, `n${i}`);
    out.push(`  n${i}${quoted(n.name + (n.defined ? '' : n.pointer ? ' (pointer)' : ' (extern)'))}`);
    if (!n.defined) out.push(`  style n${i} stroke-dasharray: 4 4`);
  });
  const seen = new Set<string>();
  for (const e of view.edges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = ids.get(e.from);
    const b = ids.get(e.to);
    if (!a || !b || drawnEdges >= maxEdges) continue;
    drawnEdges++;
    if (e.kind === 'direct') out.push(`  ${a} --> ${b}`);
    else if (e.kind === 'indirect') out.push(`  ${a} -.->|"indirect"| ${b}`);
    else out.push(`  ${a} ==>|"${mermaidLabel(`callback${e.viaParam ? ' as ' + e.viaParam : ''}`)}"| ${b}`);
  }
  if (view.omitted) out.push(`  more["${view.omitted} more (depth limit)"]`);
  const prunedNodes = view.nodes.length - kept.size;
  const prunedEdges = seen.size - drawnEdges;
  if (prunedNodes > 0 || prunedEdges > 0) {
    out.push(`  pruned["${prunedNodes} more functions and ${prunedEdges} more calls not drawn (diagram limit ${maxNodes} functions, ${maxEdges} calls)"]`);
    out.push('  style pruned stroke-dasharray: 4 4');
  }
  return out.join('\n');
}
