/**
 * The one serializer of CFGs: the golden tests compare against its text
 * form, and `lockflow cfg` prints the same text, mermaid or JSON.
 */
import { flowchartText } from '../mermaid/flowchart';
import type { GraphEdge, GraphModel, GraphNode } from '../mermaid/model';
import type { Cfg, CfgBlock, CfgItem } from './types';

export function blockSummary(cfg: Cfg, b: CfgBlock, max = 40): string {
  const text = (n: { start: number; end: number }) => clip(sourceOf(cfg, n), max);
  if (b.kind === 'entry') return 'entry';
  if (b.kind === 'exit') return 'exit';
  const parts: string[] = [];
  if (b.label) parts.push(`${b.label}:`);
  if (b.loopMacro) parts.push(`${b.loopMacro}()`);
  for (const item of b.items) parts.push(itemSummary(cfg, item, max));
  if (b.tryGuard) parts.push(`try ${b.tryGuard.guardClass}`);
  if (b.cond) parts.push(`? ${text(b.cond)}`);
  return parts.join(' | ');
}

export function itemSummary(cfg: Cfg, item: CfgItem, max = 40): string {
  switch (item.kind) {
    case 'stmt':
    case 'switch':
      return clip(sourceOf(cfg, item.node), max);
    case 'return':
      if (item.value) return `return ${clip(sourceOf(cfg, item.value), max)}`;
      return item.valueText ? `return ${clip(item.valueText, max)}` : 'return';
    case 'guard-enter':
      return `guard ${item.guard.guardClass}`;
    case 'guard-exit':
      return `release ${item.guards.map((g) => g.guardClass).join(', ')}`;
  }
}

function sourceOf(cfg: Cfg, n: { start: number; end: number }): string {
  return cfg.source.slice(n.start, n.end);
}

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/** `B3 L12 [if (ret)] -> B4 true, B5 false`, one line per block, in id order. */
export function cfgToText(cfg: Cfg): string {
  const lines = [`CFG ${cfg.fn.name}`];
  for (const b of cfg.blocks) {
    const head = `B${b.id}${b.kind === 'entry' || b.kind === 'exit' ? '' : ` L${b.line}`}`;
    const edges = b.succ.map((e) => `B${e.to} ${e.kind}${e.label ? ` ${e.label}` : ''}`).join(', ');
    const flags = b.reachable ? '' : ' (unreachable)';
    lines.push(`${head} [${blockSummary(cfg, b)}]${flags}${edges ? ` -> ${edges}` : ''}`);
  }
  for (const note of cfg.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

/** Blocks as nodes (conditions as decisions, unreachable ones muted), successors as edges labelled by kind. */
export function cfgModel(cfg: Cfg): GraphModel {
  const nodes: GraphNode[] = cfg.blocks.map((b) => ({
    key: String(b.id),
    label: `${b.kind === 'entry' || b.kind === 'exit' ? '' : `L${b.line}: `}${blockSummary(cfg, b, 60)}`,
    file: cfg.fn.file,
    line: b.kind === 'exit' ? cfg.fn.endLine : b.kind === 'entry' ? cfg.fn.line : b.line,
    shape: b.cond || b.tryGuard ? 'decision' : 'box',
    emphasis: b.reachable ? 'normal' : 'muted',
  }));
  const edges: GraphEdge[] = cfg.blocks.flatMap((b) => b.succ.map((e) => ({ from: String(b.id), to: String(e.to), label: e.kind === 'normal' ? undefined : e.label ? `${e.kind} ${e.label}` : e.kind })));
  return { direction: 'TD', nodes, edges };
}

export function cfgToMermaid(cfg: Cfg): string {
  return flowchartText(cfgModel(cfg));
}

export function cfgToJson(cfg: Cfg): object {
  return {
    function: cfg.fn.name,
    file: cfg.fn.file,
    entry: cfg.entry,
    exit: cfg.exit,
    blocks: cfg.blocks.map((b) => ({
      id: b.id,
      kind: b.kind,
      line: b.line,
      reachable: b.reachable,
      label: b.label,
      loopMacro: b.loopMacro,
      condition: b.cond ? sourceOf(cfg, b.cond) : undefined,
      items: b.items.map((i) => ({ kind: i.kind, text: itemSummary(cfg, i, 200) })),
      succ: b.succ,
    })),
    notes: cfg.notes,
  };
}
