/**
 * Index Kernel Tree: `lockflow index` from the editor, for the kernel tree of
 * the file in view (or a folder picked), with progress and Cancel. Reviews of
 * the tree's files use the index as soon as it is written (the analysis worker
 * reads it again when it changes).
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { defaultIndexDir, IndexStore, treeOf, type KnowledgeDocument } from '../core';
import { defaultJobs, indexTree, msLeft } from '../indexer/indexTree';
import { reportText } from '../indexer/report';
import type { LockflowContext } from './context';
import { engineOptions } from './engineOptions';

export async function indexTreeCommand(ctx: LockflowContext, arg?: unknown): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage('Lockflow: indexing writes a cache of the tree and runs worker threads; trust this workspace first.');
    return undefined;
  }
  const root = await kernelTree(arg);
  if (!root) return undefined;
  const knowledge: KnowledgeDocument[] = engineOptions(ctx.config).knowledge ?? [];
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Lockflow: indexing ${root}`, cancellable: true }, async (progress, token) => {
    const stop = new AbortController();
    token.onCancellationRequested(() => stop.abort());
    let shown = 0;
    return indexTree({
      root,
      store: new IndexStore(defaultIndexDir(root)),
      only: [],
      jobs: defaultJobs(),
      budgetMs: 10_000,
      knowledge,
      version: String(ctx.extension.extension.packageJSON.version ?? ''),
      signal: stop.signal,
      progress(p) {
        const percent = (100 * p.done) / Math.max(p.total, 1);
        const left = msLeft(p) / 60_000;
        progress.report({ increment: percent - shown, message: `${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} files, about ${Math.ceil(left)} min left` });
        shown = percent;
      },
    });
  });
  // Reviews already made saw no index (or an older one): made again, they see across files.
  ctx.reviewer.refreshAll();
  const text = reportText(report);
  const summary = report.stopped
    ? `Lockflow: indexing stopped after ${report.files.toLocaleString('en')} files; Index Kernel Tree again goes on from there.`
    : `Lockflow: indexed ${report.files.toLocaleString('en')} files of ${root}${report.cut.length ? ` (${report.cut.length} cut by a bound)` : ''}. Reviews of its files now see across files.`;
  void vscode.window.showInformationMessage(summary, 'Show Report').then(async (choice) => {
    if (choice) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' }));
  });
  return text;
}

/** The kernel tree of the URI given or of the active file, else of a workspace folder, else one picked. */
async function kernelTree(arg: unknown): Promise<string | undefined> {
  const doc = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const candidates = [...(doc?.scheme === 'file' ? [doc.fsPath] : []), ...(vscode.workspace.workspaceFolders ?? []).map((f) => `${f.uri.fsPath}/Kbuild`)];
  for (const c of candidates) {
    const root = treeOf(c, existsSync);
    if (root) return root;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Index this kernel tree', title: 'Lockflow: which kernel tree (a folder with Kbuild and include/linux)?' });
  const folder = picked?.[0]?.fsPath;
  const root = folder ? treeOf(`${folder}/Kbuild`, existsSync) : undefined;
  if (folder && !root) void vscode.window.showWarningMessage(`Lockflow: ${folder} is not a kernel tree (no Kbuild and include/linux).`);
  return root;
}
