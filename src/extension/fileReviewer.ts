/**
 * Live review of C documents: once per document version, in the analysis worker (which keeps
 * each document's last analysis and re-explores only the functions an edit changed and the
 * callers that depend on them), debounced while typing, on open and save when
 * lockflow.reviewOnSave is on, and again for every reviewed document when a setting changes.
 * Nothing opens unasked: results only go to Problems, the tree, CodeLens and hovers.
 */
import * as vscode from 'vscode';
import type { ReviewData } from '../worker/protocol';
import { AnalysisError, type AnalysisClient } from './analysisClient';
import type { LockflowContext } from './context';
import { engineOptions } from './engineOptions';
import type { ReviewUnits } from './reviewUnits';
import { baseName } from './baseName';
import { showFailure } from './failures';

const DEBOUNCE_MS = 500;

export class FileReviewer implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; outcome: Promise<ReviewData | undefined> }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Documents whose last review failed or ran out of time: reviewed again on save or command, not at each keystroke. */
  private readonly failed = new Set<string>();

  constructor(
    private readonly ctx: LockflowContext,
    private readonly units: ReviewUnits,
    private readonly analysis: AnalysisClient,
  ) {
    const auto = (doc: vscode.TextDocument) => ctx.config.reviewOnSave && isReviewable(doc) && void this.review(doc);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(auto),
      vscode.workspace.onDidSaveTextDocument(auto),
      vscode.workspace.onDidChangeTextDocument((e) => this.units.get(e.document.uri.toString()) && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        this.cache.delete(key);
        this.failed.delete(key); // a reopened document is reviewed as typed again
        this.analysis.forget(key);
        this.units.delete(key);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) auto(doc);
  }

  /**
   * The review of the document's current version, computed once per version whoever asks; a
   * cancelled one is not kept. `token` (a command's Cancel) stops it even when another caller started it.
   */
  outcome(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<ReviewData | undefined> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    const outcome = hit && hit.version === doc.version ? hit.outcome : this.start(doc);
    const stop = token?.onCancellationRequested(() => this.analysis.cancelDocument(key));
    void outcome.finally(() => stop?.dispose());
    return outcome;
  }

  private start(doc: vscode.TextDocument): Promise<ReviewData | undefined> {
    const key = doc.uri.toString();
    const request = { kind: 'review', doc: key, path: doc.uri.fsPath || doc.uri.path, text: doc.getText(), options: engineOptions(this.ctx.config) } as const;
    const outcome = this.analysis.run(request).then(
      (data) => {
        if (data) this.failed.delete(key);
        if (!data && this.cache.get(key)?.outcome === outcome) this.cache.delete(key);
        return data;
      },
      (e: unknown) => {
        this.failed.add(key);
        if (e instanceof AnalysisError && e.input) void vscode.window.setStatusBarMessage(`Lockflow: ${e.message}`, 8000);
        else showFailure(`reviewing ${baseName(doc.uri)}`, e);
        return undefined;
      },
    );
    this.cache.set(key, { version: doc.version, outcome });
    return outcome;
  }

  /** Reviews the document and shows the findings; a cancelled review shows nothing. */
  async review(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<ReviewData | undefined> {
    const outcome = await this.outcome(doc, token);
    if (!outcome || token?.isCancellationRequested) return undefined;
    const uri = doc.uri;
    const path = outcome.files[0]?.path;
    this.units.set({
      key: uri.toString(),
      label: baseName(uri),
      outcome,
      uriOf: (p) => (p === path ? uri : vscode.Uri.file(p)),
      pathOf: (u) => (u.toString() === uri.toString() ? path : undefined),
    });
    return outcome;
  }

  /** Settings changed: forget cached reviews and redo the shown ones. */
  refreshAll(): void {
    this.cache.clear(); // the worker sees the new options and analyses afresh
    this.failed.clear(); // new options (a higher bound) may let a failed review through
    for (const doc of vscode.workspace.textDocuments) if (this.units.get(doc.uri.toString())) void this.review(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (this.failed.has(key)) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!doc.isClosed) void this.review(doc);
      }, DEBOUNCE_MS),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** C documents of the user's (patched documents are reviewed with their patch). */
export function isReviewable(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'c' && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled' || doc.uri.scheme === 'vscode-remote');
}
