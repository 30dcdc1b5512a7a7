/**
 * Keeps a diagram within mermaid's limits. Mermaid refuses text above
 * maxTextSize and flowcharts above maxEdges; rather than show that error,
 * we keep the first nodes (in the order the renderer wrote them, which is
 * source order) and add a visible "N more" node. Pure: no DOM.
 */

export interface DiagramLimits {
  maxTextSize: number;
  maxEdges: number;
}

export interface Pruned {
  text: string;
  /** Nodes (flowcharts) or lines (other diagrams) left out; 0 when nothing was cut. */
  pruned: number;
}

const ID = '[A-Za-z_][\\w]*';
// A label is `|"..."|` (quoted: it may hold `|`) or `|...|`.
const EDGE = new RegExp(`^\\s*(${ID})\\s*<?(?:--|-\\.|==)[-.=>ox]*(?:\\|"[^"]*"\\||\\|[^|]*\\|)?\\s*(${ID})\\s*$`);
const NODE = new RegExp(`^\\s*(${ID})\\s*[\\[{(>]`);
const STYLE = new RegExp(`^\\s*(?:style|class|click)\\s+(${ID})\\b`);

/** Counts the edges mermaid will see in a flowchart. */
export function countEdges(text: string): number {
  return text.split('\n').filter((l) => EDGE.test(l)).length;
}

export function pruneDiagram(text: string, limits: DiagramLimits): Pruned {
  const lines = text.split('\n');
  const flowchart = /^\s*(flowchart|graph)\b/.test(lines[0] ?? '');
  if (text.length <= limits.maxTextSize && (!flowchart || countEdges(text) <= limits.maxEdges)) return { text, pruned: 0 };
  return flowchart ? pruneFlowchart(lines, limits) : pruneLines(lines, limits);
}

function pruneFlowchart(lines: string[], limits: DiagramLimits): Pruned {
  const order: string[] = [];
  const nodeLines = new Map<string, string[]>();
  const edges: { a: string; b: string; line: string }[] = [];
  const other: string[] = [];
  const note = (id: string) => {
    if (!nodeLines.has(id)) {
      nodeLines.set(id, []);
      order.push(id);
    }
    return nodeLines.get(id)!;
  };
  for (const line of lines.slice(1)) {
    const e = EDGE.exec(line);
    const n = e ? null : NODE.exec(line) ?? STYLE.exec(line);
    if (e) {
      note(e[1]);
      note(e[2]);
      edges.push({ a: e[1], b: e[2], line });
    } else if (n) note(n[1]).push(line);
    else other.push(line);
  }
  // Room for the header, the leftover lines and the "more" node.
  const budget = limits.maxTextSize - 200 - lines[0].length - other.join('\n').length;
  const kept = new Set<string>();
  const byNode = new Map<string, typeof edges>();
  for (const e of edges) for (const id of [e.a, e.b]) byNode.set(id, [...(byNode.get(id) ?? []), e]);
  let size = 0;
  let edgeCount = 0;
  for (const id of order) {
    const own = nodeLines.get(id)!.reduce((s, l) => s + l.length + 1, 0);
    const joining = (byNode.get(id) ?? []).filter((e) => (e.a === id || kept.has(e.a)) && (e.b === id || kept.has(e.b)));
    const extra = own + joining.reduce((s, e) => s + e.line.length + 1, 0);
    if (size + extra > budget || edgeCount + joining.length > limits.maxEdges) break;
    kept.add(id);
    size += extra;
    edgeCount += joining.length;
  }
  const pruned = order.length - kept.size;
  const out = [lines[0], ...other.filter((l) => l.trim())];
  for (const id of order) if (kept.has(id)) out.push(...nodeLines.get(id)!);
  for (const e of edges) if (kept.has(e.a) && kept.has(e.b)) out.push(e.line);
  out.push(`  lfMore["${pruned} more not shown (diagram limit)"]`, '  style lfMore stroke-dasharray: 4 4');
  return { text: out.join('\n'), pruned };
}

function pruneLines(lines: string[], limits: DiagramLimits): Pruned {
  const out: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > limits.maxTextSize - 200) break;
    out.push(line);
    size += line.length + 1;
  }
  return { text: out.join('\n'), pruned: lines.length - out.length };
}
