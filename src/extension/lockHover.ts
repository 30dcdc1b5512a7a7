/** Hover: the locks held at a line, on every path and on some path. */
import * as vscode from 'vscode';
import type { LockState } from '../core';
import type { LockSource } from './lockSource';
import { lockStateAt } from '../worker/reviewData';

export function lockStateMarkdown(state: LockState): string {
  const code = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');
  const some = state.may.filter((l) => !state.must.includes(l));
  if (!state.must.length && !some.length) return '**Lockflow** · no locks held here';
  const lines = ['**Lockflow** · locks held here'];
  if (state.must.length) lines.push(`- on every path: ${code(state.must)}`);
  if (some.length) lines.push(`- on some paths only: ${code(some)}`);
  return lines.join('\n');
}

export class LockHoverProvider implements vscode.HoverProvider {
  constructor(private readonly source: LockSource) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const review = await this.source(doc);
    if (!review || token.isCancellationRequested) return undefined;
    const state = lockStateAt(review.outcome, review.path, pos.line + 1);
    if (!state) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(lockStateMarkdown(state)), doc.lineAt(pos.line).range);
  }
}
