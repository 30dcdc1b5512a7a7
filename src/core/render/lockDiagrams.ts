/**
 * Lock diagrams as graph models: a function's lock flow (every path's
 * acquire and release sequence, merged where paths share steps) and the
 * lock-order graph of lock classes (one edge per ordered pair, its sites
 * counted, cycles marked). flowchartText() writes either as mermaid.
 */
import type { FunctionLockFlow, LockEvent } from '../locks/api';
import type { LockOrderEdge } from '../review/types';
import { flowchartText } from '../mermaid/flowchart';
import { nodePositions, type GraphEdge, type GraphModel, type GraphNode } from '../mermaid/model';

export interface MermaidDiagram {
  text: string;
  /** Node id -> 1-based source line. */
  lines: Record<string, number>;
}

function asDiagram(model: GraphModel, labelMax?: number): MermaidDiagram {
  const lines: Record<string, number> = {};
  for (const [id, at] of Object.entries(nodePositions(model))) lines[id] = at.line;
  return { text: flowchartText(model, labelMax), lines };
}

const SHOWN: LockEvent['kind'][] = ['acquire', 'release', 'try-acquire', 'return', 'assume', 'guard-exit'];

/** A summary's lock without its condition: `p->lock (when it returns 0)` -> `p->lock`. */
const bareLock = (s: string) => s.replace(/ \(when [^)]*\)$/, '');

/** At most this many branch conditions label one edge (the last ones: nearest the step). */
const MAX_CONDITIONS = 3;

/**
 * Paths as chains of lock events; steps shared by several paths are drawn once. An edge is labelled
 * with the branch conditions taken since the step before it (`goto` exits dotted); a return is
 * red only when it keeps a lock the function is not meant to hand back (its summary's acquires)
 * and that is not the caller's own (held on entry, its requires).
 */
export function lockFlowModel(flow: FunctionLockFlow, maxPaths = 40): GraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const keys = new Set<string>();
  const edgeKeys = new Set<string>();
  const node = (n: GraphNode): string => {
    if (!keys.has(n.key)) {
      keys.add(n.key);
      nodes.push(n);
    }
    return n.key;
  };
  // Handed back on every return (an unconditional acquire), or the caller's own: keeping it is the contract.
  // A conditional acquire (`x (when it returns -ENODEV)`) is a path that leaks: still red.
  const kept = new Set([...flow.summary.acquires.filter((a) => !/ \(when [^)]*\)$/.test(a)), ...flow.summary.requires].map(bareLock));
  const start = node({ key: 'start', label: `${flow.function}()`, file: flow.file, line: flow.line, shape: 'round' });
  const paths = flow.paths.slice(0, maxPaths);
  for (const p of paths) {
    let prev = start;
    let prefix = '';
    let conditions: string[] = [];
    for (const ev of p.events) {
      if (ev.kind === 'branch') {
        conditions.push(ev.text);
        continue;
      }
      if (!SHOWN.includes(ev.kind)) continue;
      // Steps merge while the paths agree on everything before them.
      prefix += `|${ev.line}:${ev.kind}:${ev.text}`;
      const isEnd = ev.kind === 'return';
      const wrong = isEnd ? ev.held.filter((l) => !kept.has(l)) : [];
      const handedBack = isEnd ? ev.held.filter((l) => kept.has(l)) : [];
      const held = [wrong.length ? `held: ${wrong.join(', ')}` : '', handedBack.length ? `hands back: ${handedBack.join(', ')}` : ''].filter(Boolean).join(' · ');
      const label = `L${ev.line}: ${ev.text}${isEnd ? ` · ${held || 'nothing held'}` : ''}`;
      const emphasis = wrong.length ? 'error' : isEnd && handedBack.length ? 'lock' : ev.kind === 'acquire' ? 'acquire' : 'normal';
      const id = node({ key: prefix, label, file: flow.file, line: ev.line, shape: isEnd ? 'stop' : 'box', emphasis });
      const shown = conditions.slice(-MAX_CONDITIONS);
      const label2 = shown.length ? `${conditions.length > shown.length ? '… ' : ''}${shown.join(' · ')}` : undefined;
      const edgeKey = `${prev}\u0000${id}\u0000${label2 ?? ''}`;
      if (!edgeKeys.has(edgeKey)) {
        edgeKeys.add(edgeKey);
        const jump = conditions.some((c) => c.startsWith('goto '));
        edges.push({ from: prev, to: id, ...(label2 ? { label: label2 } : {}), ...(jump ? { kind: 'dotted' as const } : {}) });
      }
      conditions = [];
      prev = id;
    }
  }
  const cut = [flow.paths.length > paths.length ? `${flow.paths.length - paths.length} more paths not drawn` : '', flow.truncated ? 'path search stopped at its bound' : ''].filter(Boolean);
  return { direction: 'TD', nodes, edges, banner: cut.length ? cut.join('; ') : undefined };
}

export function lockFlowToMermaid(flow: FunctionLockFlow, maxPaths = 40): MermaidDiagram {
  return asDiagram(lockFlowModel(flow, maxPaths), 70);
}

/** One ordered pair of lock classes and every place the second is taken while the first is held. */
export interface LockOrderPair {
  from: string;
  to: string;
  sites: Array<Pick<LockOrderEdge, 'function' | 'file' | 'line'>>;
  /** Part of a cycle of the order graph (an inversion, direct or through other classes). */
  inCycle: boolean;
}

/** The order edges grouped by class pair (sites once each, in source order), cycles found over the class graph. */
export function lockOrderPairs(edges: LockOrderEdge[]): LockOrderPair[] {
  const pairs = new Map<string, LockOrderPair>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`;
    const pair = pairs.get(key) ?? { from: e.from, to: e.to, sites: [], inCycle: false };
    pairs.set(key, pair);
    if (!pair.sites.some((s) => s.function === e.function && s.file === e.file && s.line === e.line)) pair.sites.push({ function: e.function, file: e.file, line: e.line });
  }
  const list = [...pairs.values()];
  for (const p of list) p.sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      const c = queue.shift()!;
      if (c === to) return true;
      for (const p of list) {
        if (p.from !== c || seen.has(p.to)) continue;
        seen.add(p.to);
        queue.push(p.to);
      }
    }
    return false;
  };
  // An edge a->b closes a cycle when b reaches a again.
  for (const p of list) p.inCycle = p.from === p.to || reaches(p.to, p.from);
  return list;
}

/** What an order edge's label says: its one site, or how many (the panel lists them beside the graph): short, so ten classes fit. */
export function pairLabel(p: LockOrderPair): string {
  return p.sites.length === 1 ? `${p.sites[0].function}() L${p.sites[0].line}` : `${p.sites.length} sites`;
}

/** Lock classes and the orders they are taken in; edges of a cycle are drawn red and say so. */
export function lockOrderModel(edges: LockOrderEdge[]): GraphModel {
  const pairs = lockOrderPairs(edges);
  const nodes: GraphNode[] = [];
  const node = (cls: string, site?: LockOrderPair['sites'][number]) => {
    if (!nodes.some((n) => n.key === cls)) nodes.push({ key: cls, label: cls, file: site?.file, line: site?.line });
  };
  for (const p of pairs) {
    node(p.from, p.sites[0]);
    node(p.to);
  }
  const graphEdges: GraphEdge[] = pairs.map((p) => ({ from: p.from, to: p.to, label: `${p.inCycle ? 'cycle · ' : ''}${pairLabel(p)}`, emphasis: p.inCycle ? 'error' : 'normal' }));
  if (!pairs.length) nodes.push({ key: 'none', label: 'no lock is taken while another is held', shape: 'note' });
  return { direction: 'LR', nodes, edges: graphEdges };
}

export function lockOrderToMermaid(edges: LockOrderEdge[]): MermaidDiagram {
  return asDiagram(lockOrderModel(edges));
}
