/** Inlay hints: after each lock call, the locks held once it returns (off with editor.inlayHints.enabled). */
import * as vscode from 'vscode';
import type { FunctionLockFlow } from '../core';
import type { LockSource } from './lockSource';

const LOCK_EVENTS = new Set(['acquire', 'release', 'try-acquire', 'guard-exit']);

/** Line -> hint text, merging what every path holds after that line's lock event. */
export function lockHints(flows: Iterable<FunctionLockFlow>, path: string): Map<number, string> {
  const held = new Map<number, string[][]>();
  for (const flow of flows) {
    if (flow.file !== path) continue;
    for (const p of flow.paths) for (const e of p.events) if (LOCK_EVENTS.has(e.kind)) held.set(e.line, [...(held.get(e.line) ?? []), e.held]);
  }
  const hints = new Map<number, string>();
  for (const [line, sets] of held) {
    const all = sets.reduce((acc, s) => acc.filter((l) => s.includes(l)));
    const some = [...new Set(sets.flat())].filter((l) => !all.includes(l));
    hints.set(line, `held: ${all.length ? all.join(', ') : 'none'}${some.length ? ` (some paths: ${some.join(', ')})` : ''}`);
  }
  return hints;
}

export class LockInlayProvider implements vscode.InlayHintsProvider {
  constructor(private readonly source: LockSource) {}

  async provideInlayHints(doc: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
    const review = await this.source(doc);
    if (!review || token.isCancellationRequested) return [];
    const out: vscode.InlayHint[] = [];
    for (const [line, text] of lockHints(review.outcome.flows.values(), review.path)) {
      if (line - 1 < range.start.line || line - 1 > range.end.line || line > doc.lineCount) continue;
      const hint = new vscode.InlayHint(doc.lineAt(line - 1).range.end, text);
      hint.paddingLeft = true;
      out.push(hint);
    }
    return out;
  }
}
