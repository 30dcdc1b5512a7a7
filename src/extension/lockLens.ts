/** CodeLens above each function: its lock summary; clicking opens its lock flow. */
import * as vscode from 'vscode';
import type { FunctionReport } from '../core';
import type { LockSource } from './lockSource';

export function lensText(f: FunctionReport, truncated: boolean): string {
  const parts: string[] = [];
  if (f.summary.acquires.length) parts.push(`acquires ${f.summary.acquires.join(', ')}`);
  // Net releases are of locks held on entry: the caller's.
  if (f.summary.releases.length) parts.push(`releases caller's ${f.summary.releases.join(', ')}`);
  // Releasing the caller's lock already says it must be held.
  const needs = f.summary.requires.filter((r) => !f.summary.releases.includes(r));
  if (needs.length) parts.push(`needs ${needs.join(', ')} held`);
  if (!parts.length) parts.push('no lock effects');
  if (f.paths !== undefined) parts.push(`${f.paths}${truncated ? '+' : ''} path${f.paths === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export class LockLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly source: LockSource,
    /** The command a lens runs, with (uri, function name). */
    private readonly command: string,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const review = await this.source(doc);
    if (!review || token.isCancellationRequested) return [];
    return review.outcome.result.functions
      .filter((f) => f.file === review.path)
      .map((f) => {
        const range = new vscode.Range(f.line - 1, 0, f.line - 1, 0);
        const truncated = review.outcome.flows.get(f.name)?.truncated ?? false;
        return new vscode.CodeLens(range, { title: lensText(f, truncated), command: this.command, arguments: [doc.uri, f.name], tooltip: `Lockflow: show the lock flow of ${f.name}()` });
      });
  }
}
