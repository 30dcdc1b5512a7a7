/** CodeLens above each function: its lock summary; clicking opens its lock flow. */
import * as vscode from 'vscode';
import { lockEffectWords } from '../core';
import type { LockSource } from './lockSource';

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
        return new vscode.CodeLens(range, { title: lockEffectWords(f, review.outcome.flows.get(f.name)), command: this.command, arguments: [doc.uri, f.name], tooltip: `Lockflow: show the lock flow of ${f.name}()` });
      });
  }
}
