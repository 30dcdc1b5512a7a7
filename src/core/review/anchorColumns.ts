/**
 * Where on its line a finding points: the access expression (`dev->iommu_group`)
 * for a finding about a variable, the call for one about a callee or a lock
 * (`mutex_unlock(&group->mutex)`), else the statement without its indentation.
 * Read from the anchor line's text with the finding's subject, so the editor
 * can underline the expression instead of the line.
 */
import type { ParsedFile } from '../syntax';
import { matchingParen } from '../syntax/brackets';
import type { Finding } from './types';

export interface Columns {
  /** 1-based. */
  column: number;
  /** 1-based, just past the end (as SARIF's endColumn). */
  endColumn: number;
}

const IDENT = /[A-Za-z_]\w*/y;

/** Index just past the `)` matching the `(` at `open`, or the line's end. */
function closeOf(text: string, open: number): number {
  const close = matchingParen(text, open);
  return close < 0 ? text.length : close + 1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `var`, `var->a.b`, `var[i]->c`: the access chain starting at an occurrence of the variable, a dereference preferred. */
function accessRange(text: string, variable: string): [number, number] | undefined {
  const re = new RegExp(`(?<![\\w>.])${escapeRegExp(variable)}\\b`, 'g');
  let best: [number, number] | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = m.index + m[0].length;
    for (;;) {
      const arrow = /^\s*(->|\.)\s*/.exec(text.slice(end));
      if (!arrow) break;
      IDENT.lastIndex = end + arrow[0].length;
      const id = IDENT.exec(text);
      if (!id) break;
      end = IDENT.lastIndex;
    }
    const range: [number, number] = [m.index, end];
    if (end > m.index + m[0].length) return range;
    best ??= range;
  }
  return best;
}

/** The call `name(...)` on the line. */
function callRange(text: string, name: string): [number, number] | undefined {
  const m = new RegExp(`(?<![\\w>.])${escapeRegExp(name)}\\s*\\(`).exec(text);
  return m ? [m.index, closeOf(text, m.index + m[0].length - 1)] : undefined;
}

/** The innermost call whose arguments name the lock (`mutex_lock(&group->mutex)`), else the lock's own text. */
function lockCallRange(text: string, lock: string): [number, number] | undefined {
  const at = text.indexOf(lock.replace(/^[&*]+/, ''));
  if (at < 0) return undefined;
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && depth-- === 0) {
      const before = /([A-Za-z_]\w*)\s*$/.exec(text.slice(0, i));
      if (before) return [before.index, closeOf(text, i)];
      break;
    }
  }
  return [at, at + lock.length];
}

/** A field named by its class (`pool.count`): its access as written on the line (`p->count`, `pool->stats.count`). */
function fieldAccessRange(text: string, variable: string): [number, number] | undefined {
  const field = /\.(\w+)$/.exec(variable)?.[1];
  if (!field) return undefined;
  const m = new RegExp(`[A-Za-z_][\\w]*(?:\\s*(?:->|\\.)\\s*[A-Za-z_]\\w*)*?\\s*(?:->|\\.)\\s*${escapeRegExp(field)}\\b`).exec(text);
  return m ? [m.index, m.index + m[0].length] : undefined;
}

export function anchorColumns(f: Pick<Finding, 'line' | 'subject'>, lineText: string): Columns | undefined {
  const s = f.subject ?? {};
  const range = (s.variable && (accessRange(lineText, s.variable) ?? fieldAccessRange(lineText, s.variable))) || (s.callee && callRange(lineText, s.callee)) || (s.lock && lockCallRange(lineText, s.lock)) || undefined;
  if (range) return { column: range[0] + 1, endColumn: range[1] + 1 };
  const start = lineText.search(/\S/);
  if (start < 0) return undefined;
  return { column: start + 1, endColumn: lineText.trimEnd().length + 1 };
}

/** Each finding with the columns of what it is about on its line. */
export function withColumns(findings: Finding[], files: ParsedFile[]): Finding[] {
  const lines = new Map<string, string[]>();
  const textOf = (path: string, line: number) => {
    if (!lines.has(path)) lines.set(path, (files.find((f) => f.path === path)?.text ?? '').split('\n'));
    return lines.get(path)![line - 1] ?? '';
  };
  return findings.map((f) => {
    const c = anchorColumns(f, textOf(f.file, f.line));
    return c ? { ...f, ...c } : f;
  });
}
