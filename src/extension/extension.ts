/**
 * Lockflow's VS Code entry point: a thin shell that wires the core to the
 * editor. Everything that understands C lives in src/core.
 */
import * as vscode from 'vscode';
import { commandId } from './commandTable';
import { registerCommands } from './commands';
import { onDidChangeConfig } from './config';
import { C_SELECTOR, LockflowContext } from './context';
import { SOURCE, publishDiagnostics } from './diagnostics';
import { LockHoverProvider } from './lockHover';
import { LockInlayProvider } from './lockInlay';
import { LockLensProvider } from './lockLens';
import { registerLanguageModelTools } from './lmTools';
import { PATCHED_SCHEME } from './patchSessions';
import { ReviewTree } from './reviewTree';

/** What the extension gives other extensions: the comment threads on a document (the e2e suite reads them). */
export interface LockflowApi {
  threadsOn(uri: vscode.Uri | string): ReturnType<LockflowContext['threads']['threadsOn']>;
}

export function activate(extension: vscode.ExtensionContext): LockflowApi {
  const ctx = new LockflowContext(extension);
  const source = ctx.reviewOf;
  const lenses = new LockLensProvider(source, commandId('showLockFlow'));
  const diagnostics = vscode.languages.createDiagnosticCollection(SOURCE);
  const log = vscode.window.createOutputChannel('Lockflow');
  extension.subscriptions.push(
    ctx,
    diagnostics,
    log,
    ...registerCommands(ctx),
    ...registerLanguageModelTools(ctx),
    publishDiagnostics(ctx.units, diagnostics, log),
    vscode.workspace.registerTextDocumentContentProvider(PATCHED_SCHEME, ctx.sessions),
    vscode.window.createTreeView('lockflow.review', { treeDataProvider: new ReviewTree(ctx.units), showCollapseAll: true }),
    vscode.languages.registerCodeLensProvider(C_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(C_SELECTOR, new LockHoverProvider(source)),
    vscode.languages.registerInlayHintsProvider(C_SELECTOR, new LockInlayProvider(source)),
    ctx.units.onDidChange(() => lenses.refresh()),
    onDidChangeConfig((config) => {
      ctx.panels.setTheme(config.diagramTheme);
      ctx.reviewer.refreshAll();
      lenses.refresh();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => ctx.parses.forget(doc.uri)),
  );
  return { threadsOn: (uri) => ctx.threads.threadsOn(uri) };
}

export function deactivate(): void {
  // Everything is disposed through extension.subscriptions.
}
