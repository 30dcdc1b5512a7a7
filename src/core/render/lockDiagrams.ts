/**
 * Lock diagrams in mermaid: a function's lock flow (every path's acquire and
 * release sequence, merged where paths share steps) and the lock-order graph
 * of lock classes. Node ids are generated; `lines` maps each node to the
 * source line it stands for, so a viewer can reveal it.
 */
import type { FunctionLockFlow, LockEvent } from '../locks/api';
import type { LockOrderEdge } from '../review/types';
import { mermaidLabel, quoted } from '../mermaid/text';

export interface MermaidDiagram {
  text: string;
  /** Node id -> 1-based source line. */
  lines: Record<string, number>;
}

const SHOWN: LockEvent['kind'][] = ['acquire', 'release', 'try-acquire', 'return', 'assume', 'guard-exit'];

/** Paths as chains of lock events; steps shared by several paths are drawn once. */
export function lockFlowToMermaid(flow: FunctionLockFlow, maxPaths = 40): MermaidDiagram {
  const out = ['flowchart TD'];
  const lines: Record<string, number> = {};
  const ids = new Map<string, string>();
  const edges = new Set<string>();
  let next = 0;
  const node = (key: string, label: string, line: number, shape: 'box' | 'round' | 'stop' = 'box'): string => {
    let id = ids.get(key);
    if (id) return id;
    id = `n${next++}`;
    ids.set(key, id);
    lines[id] = line;
    const q = `"${mermaidLabel(label, 70)}"`;
    out.push(`  ${id}${shape === 'round' ? `(${q})` : shape === 'stop' ? `([${q}])` : `[${q}]`}`);
    return id;
  };
  const start = node('start', `${flow.function}()`, flow.line, 'round');
  const paths = flow.paths.slice(0, maxPaths);
  for (const p of paths) {
    let prev = start;
    let prefix = '';
    for (const ev of p.events) {
      if (!SHOWN.includes(ev.kind)) continue;
      prefix += `|${ev.line}:${ev.kind}:${ev.text}`;
      const isEnd = ev.kind === 'return';
      const held = ev.held.length ? ` · held: ${ev.held.join(', ')}` : '';
      const label = `L${ev.line}: ${ev.text}${isEnd ? held || ' · nothing held' : ''}`;
      // Steps merge while the paths agree on everything before them.
      const id = node(prefix, label, ev.line, isEnd ? 'stop' : 'box');
      if (isEnd && ev.held.length) out.push(`  style ${id} stroke:#d9534f,stroke-width:2px`);
      if (ev.kind === 'acquire') out.push(`  style ${id} stroke:#2e7d32`);
      const edge = `${prev}-->${id}`;
      if (!edges.has(edge)) {
        edges.add(edge);
        out.push(`  ${prev} --> ${id}`);
      }
      prev = id;
    }
  }
  if (flow.paths.length > paths.length) out.push(`  more["${flow.paths.length - paths.length} more paths"]`);
  if (flow.truncated) out.push(`  limit["path search stopped at its bound"]`);
  return { text: out.join('\n'), lines };
}

/** Lock classes and the orders they are taken in; both directions of an inversion are drawn red. */
export function lockOrderToMermaid(edges: LockOrderEdge[]): MermaidDiagram {
  const out = ['flowchart LR'];
  const ids = new Map<string, string>();
  const lines: Record<string, number> = {};
  const id = (cls: string) => {
    let v = ids.get(cls);
    if (!v) {
      v = `c${ids.size}`;
      ids.set(cls, v);
      out.push(`  ${v}${quoted(cls)}`);
    }
    return v;
  };
  const pairs = new Set(edges.map((e) => `${e.from}\u0000${e.to}`));
  let k = 0;
  const seen = new Set<string>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.function}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = id(e.from);
    const b = id(e.to);
    out.push(`  ${a} -->|"${mermaidLabel(`${e.function}() L${e.line}`)}"| ${b}`);
    if (pairs.has(`${e.to}\u0000${e.from}`)) out.push(`  linkStyle ${k} stroke:#d9534f,stroke-width:2px`);
    lines[a] ??= e.line;
    k++;
  }
  if (!edges.length) out.push('  none["no lock is taken while another is held"]');
  return { text: out.join('\n'), lines };
}
