/**
 * Live review of C documents: once per document version (re-exploring only
 * the functions an edit changed and the callers that depend on them), debounced while
 * typing, on open and save when lockflow.reviewOnSave is on, and again for
 * every reviewed document when a setting changes. Nothing opens unasked:
 * results only go to Problems, the tree, CodeLens and hovers.
 */
import * as vscode from 'vscode';
import { analyzeLocks, type EngineResult } from '../core/locks/engine';
import { reanalyzeLocks } from '../core/locks/incremental';
import { reviewEngine, type ReviewOutcome } from '../core/review';
import type { LockflowContext } from './context';
import { engineOptions } from './engineOptions';
import type { ReviewUnits } from './reviewUnits';
import { baseName } from './baseName';
import { showFailure } from './failures';

const DEBOUNCE_MS = 500;
/** Analysis runs on the host thread: a document slower than this is not re-reviewed while typing, only on save or command. */
export const LIVE_BUDGET_MS = 1500;

export class FileReviewer implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; outcome: Promise<ReviewOutcome | undefined> }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The last lock analysis per document, under the current settings: an edit re-explores only what it changed. */
  private readonly engines = new Map<string, EngineResult>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Documents whose last analysis went over LIVE_BUDGET_MS. */
  private readonly slow = new Set<string>();

  constructor(
    private readonly ctx: LockflowContext,
    private readonly units: ReviewUnits,
  ) {
    const auto = (doc: vscode.TextDocument) => ctx.config.reviewOnSave && isReviewable(doc) && void this.review(doc);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(auto),
      vscode.workspace.onDidSaveTextDocument(auto),
      vscode.workspace.onDidChangeTextDocument((e) => this.units.get(e.document.uri.toString()) && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cache.delete(doc.uri.toString());
        this.engines.delete(doc.uri.toString());
        this.units.delete(doc.uri.toString());
      }),
    );
    for (const doc of vscode.workspace.textDocuments) auto(doc);
  }

  /** The review of the document's current version, computed once per version. */
  outcome(doc: vscode.TextDocument): Promise<ReviewOutcome | undefined> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.outcome;
    const outcome = this.ctx.parses.get(doc).then(
      (parsed) => {
        const started = Date.now();
        try {
          const options = engineOptions(this.ctx.config);
          const prev = this.engines.get(key);
          const engine = prev ? reanalyzeLocks(prev, [parsed], options).engine : analyzeLocks([parsed], options);
          this.engines.set(key, engine);
          return reviewEngine(engine, options);
        } catch (e) {
          this.engines.delete(key);
          showFailure(`reviewing ${baseName(doc.uri)}`, e);
          return undefined;
        } finally {
          this.noteTime(key, Date.now() - started);
        }
      },
      () => undefined,
    );
    this.cache.set(key, { version: doc.version, outcome });
    return outcome;
  }

  /** Reviews the document and shows the findings; a cancelled review shows nothing. */
  async review(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<ReviewOutcome | undefined> {
    const outcome = await this.outcome(doc);
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
    this.cache.clear();
    this.engines.clear(); // incremental analysis needs the options the last one used
    for (const doc of vscode.workspace.textDocuments) if (this.units.get(doc.uri.toString())) void this.review(doc);
  }

  private noteTime(key: string, ms: number): void {
    if (ms <= LIVE_BUDGET_MS) return void this.slow.delete(key);
    if (!this.slow.has(key)) void vscode.window.setStatusBarMessage(`Lockflow: analysis took ${(ms / 1000).toFixed(1)} s; this file is reviewed on save, not while typing`, 8000);
    this.slow.add(key);
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (this.slow.has(key)) return;
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
