/** The command handlers, keyed by the names of commandTable.ts. */
import * as vscode from 'vscode';
import { COMMANDS, commandId, type CommandName } from './commandTable';
import type { LockflowContext } from './context';
import { callGraphDiagram, cfgDiagram, functionAt, lockFlowDiagram, lockOrderDiagram } from './diagrams';
import { exportDiagram } from './exportDiagram';
import { isReviewable } from './fileReviewer';
import { copyReviewReply } from './copyReply';
import { reviewPatchCommand } from './reviewPatch';
import { simulateCommand } from './simulate';
import type { ReviewOutcome } from '../core/review';
import type { Diagram, ExportFormat } from '../webview/protocol';

type Handler = (ctx: LockflowContext, ...args: any[]) => unknown;

const handlers: Record<CommandName, Handler> = {
  /** Reviews the C file now (with progress, cancellable) and reveals the Lockflow Review view. */
  async reviewFile(ctx, arg?: unknown): Promise<ReviewOutcome['result'] | undefined> {
    const doc = await ctx.targetDocument(arg);
    if (!doc) return undefined;
    if (!isReviewable(doc)) {
      void vscode.window.showInformationMessage('Lockflow: Review Current File reviews C files; for a patch or a mail use Review Patch or Mail….');
      return undefined;
    }
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Lockflow: reviewing ${basename(doc.uri)}`, cancellable: true },
      (_p, token) => ctx.reviewer.review(doc, token),
    );
    if (outcome) {
      const n = outcome.result.findings.length;
      void vscode.window.setStatusBarMessage(`Lockflow: ${n} finding${n === 1 ? '' : 's'} in ${basename(doc.uri)}`, 5000);
      void vscode.commands.executeCommand('lockflow.review.focus');
    }
    return outcome?.result;
  },

  reviewPatch(ctx, arg?: unknown) {
    return reviewPatchCommand(ctx, ctx.sessions, ctx.units, arg);
  },

  /** The lock flow of the function at the cursor, or of the function named (from a CodeLens). */
  async showLockFlow(ctx, uri?: vscode.Uri, name?: string): Promise<Diagram | undefined> {
    const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : await ctx.targetDocument();
    const review = doc && (await ctx.reviewOf(doc));
    if (!doc || !review) return undefined;
    const editor = vscode.window.activeTextEditor;
    const line = editor?.document === doc ? editor.selection.active.line + 1 : 0;
    const file = review.outcome.files.find((f) => f.path === review.path);
    const flow = review.outcome.flows.get(name ?? (file && functionAt(file, line)?.name) ?? '');
    if (!flow) {
      void vscode.window.showInformationMessage('Lockflow: put the cursor inside a function.');
      return undefined;
    }
    const diagram = lockFlowDiagram(flow, (p) => review.uriOf(p).toString());
    ctx.panels.show(diagram, ctx.config.diagramTheme);
    return diagram;
  },

  async showLockOrder(ctx, arg?: unknown): Promise<Diagram | undefined> {
    const doc = await ctx.targetDocument(arg);
    const review = doc && (await ctx.reviewOf(doc));
    if (!doc || !review) return undefined;
    const diagram = lockOrderDiagram(review.outcome.result.lockOrder, (p) => review.uriOf(p).toString(), `Lock order in ${basename(doc.uri)}`);
    ctx.panels.show(diagram, ctx.config.diagramTheme);
    return diagram;
  },

  /** Arguments (for tests and links): the document, the function, a scenario name or '*' for all. */
  simulate(ctx, uri?: vscode.Uri, fn?: string, scenario?: string) {
    return simulateCommand(ctx, uri instanceof vscode.Uri ? uri : undefined, fn, scenario);
  },

  copyReviewReply(ctx) {
    return copyReviewReply(ctx.units);
  },

  async showCallGraph(ctx, arg?: unknown): Promise<Diagram | undefined> {
    const doc = await ctx.targetDocument(arg);
    const file = doc && (await ctx.parse(doc));
    if (!doc || !file) return undefined;
    const uri = doc.uri.toString();
    const diagram = callGraphDiagram([file], (p) => (p === file.path ? uri : undefined), `Call graph of ${basename(doc.uri)}`);
    ctx.panels.show(diagram, ctx.config.diagramTheme);
    return diagram;
  },

  /** The CFG of the function at the cursor, or of the function named (from a CodeLens). */
  async showCfg(ctx, uri?: vscode.Uri, name?: string): Promise<Diagram | undefined> {
    const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    const file = doc && (await ctx.parse(doc));
    if (!doc || !file) return undefined;
    const editor = vscode.window.activeTextEditor;
    const fn = name ? file.functions.find((f) => f.name === name) : editor && functionAt(file, editor.selection.active.line + 1);
    if (!fn) {
      void vscode.window.showInformationMessage('Lockflow: put the cursor inside a function.');
      return undefined;
    }
    const diagram = cfgDiagram(file, fn, doc.uri.toString());
    ctx.panels.show(diagram, ctx.config.diagramTheme);
    return diagram;
  },

  exportDiagram(ctx, format?: ExportFormat, target?: vscode.Uri) {
    return exportDiagram(ctx.panels.active(), format, target);
  },
};

export function registerCommands(ctx: LockflowContext): vscode.Disposable[] {
  return COMMANDS.map((c) => vscode.commands.registerCommand(commandId(c.name), (...args: unknown[]) => handlers[c.name](ctx, ...args)));
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}
