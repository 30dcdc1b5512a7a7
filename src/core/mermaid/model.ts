/**
 * The graph model every diagram builder returns (call graph, lock order, lock
 * flow, CFG): nodes that know where in the code they come from, edges with a
 * label and a kind. Plain data, so a viewer can map nodes to lines and a
 * serializer (flowchart.ts) can write it once, escaping each label once.
 */

export type NodeShape = 'box' | 'round' | 'stop' | 'decision' | 'note';

/** How a node or edge stands out: `lock` takes or drops locks, `error` is a problem, `muted` is outside the code shown. */
export type Emphasis = 'normal' | 'lock' | 'acquire' | 'error' | 'muted';

export type EdgeKind = 'solid' | 'dotted' | 'thick';

export interface GraphNode {
  /** Unique within the model; the serializer never writes it (mermaid ids are generated). */
  key: string;
  label: string;
  file?: string;
  /** 1-based. */
  line?: number;
  shape?: NodeShape;
  emphasis?: Emphasis;
}

export interface GraphEdge {
  /** Node keys. */
  from: string;
  to: string;
  label?: string;
  kind?: EdgeKind;
  emphasis?: Emphasis;
}

export interface GraphModel {
  direction: 'LR' | 'TD';
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** What was left out or cut, said above the drawing (and as a note node in the text). */
  banner?: string;
}

/** The mermaid id of the i-th node of a model: generated, never taken from code. */
export function nodeId(index: number): string {
  return `n${index}`;
}

/** Node id -> the node's source position, for the nodes that have one. */
export function nodePositions(model: GraphModel): Record<string, { file?: string; line: number }> {
  const out: Record<string, { file?: string; line: number }> = {};
  model.nodes.forEach((n, i) => {
    if (n.line !== undefined) out[nodeId(i)] = { file: n.file, line: n.line };
  });
  return out;
}
