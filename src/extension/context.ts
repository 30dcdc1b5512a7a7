/** What the commands and providers share: the parse cache, the panels, the settings. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { AnalysisClient } from './analysisClient';
import { CommentThreads } from './commentThreads';
import { readConfig } from './config';
import { DiagramPanels } from './diagramPanel';
import { exportDiagram } from './exportDiagram';
import { FileReviewer } from './fileReviewer';
import { lockSource, type LockSource } from './lockSource';
import { ParseCache } from './parseCache';
import { PatchSessions } from './patchSessions';
import { ReviewUnits } from './reviewUnits';
import type { ParsedFile } from '../core';

export const C_SELECTOR: vscode.DocumentSelector = [{ language: 'c' }];

/** The worker's bundle, beside dist/extension.js (scripts/build.mjs). */
const WORKER_SCRIPT = join('dist', 'analysisWorker.js');
/** A runaway analysis runs the worker out of memory, not the extension host. */
const WORKER_HEAP_MB = 2048;

export class LockflowContext implements vscode.Disposable {
  readonly parses = new ParseCache();
  readonly panels: DiagramPanels;
  /** What has been reviewed: C documents and patches. */
  readonly units = new ReviewUnits();
  readonly sessions = new PatchSessions();
  /** The mail's remarks and the reviewer's replies as comment threads. */
  readonly threads = new CommentThreads(this.units);
  /** Where reviews run: a worker thread, off the extension host's. */
  readonly analysis: AnalysisClient;
  readonly reviewer: FileReviewer;
  /** The review behind any C document, its own or its patch's. */
  readonly reviewOf: LockSource;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.panels = new DiagramPanels(extension.extensionUri, (panel, format) => void exportDiagram(panel, format));
    const script = join(extension.extensionUri.fsPath, WORKER_SCRIPT);
    this.analysis = new AnalysisClient(() => new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } }));
    this.reviewer = new FileReviewer(this, this.units, this.analysis);
    this.reviewOf = lockSource(this.units, this.reviewer);
  }

  get config() {
    return readConfig();
  }

  /** The C document a command should act on: its argument (an explorer URI), else the active editor. */
  async targetDocument(arg?: unknown): Promise<vscode.TextDocument | undefined> {
    if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
    const doc = vscode.window.activeTextEditor?.document;
    if (doc) return doc;
    void vscode.window.showInformationMessage('Lockflow: open a C file first.');
    return undefined;
  }

  /** Parses a document, reporting a file Lockflow cannot read as a message, not an exception. */
  async parse(doc: vscode.TextDocument): Promise<ParsedFile | undefined> {
    try {
      return await this.parses.get(doc);
    } catch (e) {
      void vscode.window.showWarningMessage(`Lockflow: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  dispose(): void {
    this.reviewer.dispose();
    this.analysis.dispose();
    this.panels.dispose();
    this.threads.dispose();
    this.sessions.dispose();
    this.units.dispose();
  }
}
