/**
 * The one serializer of CFGs: the golden tests compare against its text
 * form, and `lockflow cfg` prints the same text, mermaid or JSON.
 */
import { quoted, mermaidLabel } from '../mermaid/text';
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

export function cfgToMermaid(cfg: Cfg): string {
  const out = ['flowchart TD'];
  for (const b of cfg.blocks) {
    const label = `${b.kind === 'entry' || b.kind === 'exit' ? '' : `L${b.line}: `}${blockSummary(cfg, b, 60)}`;
    const shape = b.cond || b.tryGuard ? `{${quoted(label).slice(1, -1)}}` : quoted(label);
    out.push(`  n${b.id}${shape}`);
    if (!b.reachable) out.push(`  style n${b.id} stroke-dasharray: 4 4`);
  }
  for (const b of cfg.blocks) {
    for (const e of b.succ) {
      const tag = e.kind === 'normal' ? '' : `|"${mermaidLabel(e.label ? `${e.kind} ${e.label}` : e.kind)}"|`;
      out.push(`  n${b.id} -->${tag} n${e.to}`);
    }
  }
  return out.join('\n');
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
