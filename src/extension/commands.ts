/** The command handlers, keyed by the names of commandTable.ts. */
import * as vscode from 'vscode';
import { COMMANDS, commandId, type CommandName } from './commandTable';
import type { LockflowContext } from './context';
import { callGraphDiagram, cfgDiagram, functionAt, lockFlowDiagram, lockOrderDiagram, lockOrderSite, type CallGraphRequest } from './diagrams';
import { lockRelevance, type ParsedFile } from '../core';
import { revealLine } from './reveal';
import { exportDiagram } from './exportDiagram';
import { isReviewable } from './fileReviewer';
import { copyReviewReply, saveReviewReply } from './copyReply';
import { reviewPatchCommand } from './reviewPatch';
import { baseArgument } from './basePicker';
import { simulateCommand } from './simulate';
import { indexTreeCommand } from './indexTree';
import { guarded } from './failures';
import type { FileOutline, ReviewData } from '../worker/protocol';
import type { Diagram, ExportFormat } from '../webview/protocol';
import { baseName } from './baseName';

// Command arguments come from VS Code untyped; each handler checks its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (ctx: LockflowContext, ...args: any[]) => unknown;

function show(ctx: LockflowContext, diagram: Diagram): Diagram {
  ctx.panels.show(diagram, ctx.config.diagramTheme);
  return diagram;
}

/** The function named (from a CodeLens), else the one at the cursor when the active editor shows the document. */
function targetFunction(file: FileOutline, doc: vscode.TextDocument, name?: string): string | undefined {
  const editor = vscode.window.activeTextEditor;
  const found = name ?? (editor?.document === doc ? functionAt(file, editor.selection.active.line + 1)?.name : undefined);
  if (!found) void vscode.window.showInformationMessage('Lockflow: put the cursor inside a function.');
  return found;
}

/** The function at the cursor when the active editor shows the document. */
function rootAtCursor(file: FileOutline, doc: vscode.TextDocument): string | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document === doc ? functionAt(file, editor.selection.active.line + 1)?.name : undefined;
}

/** A function of the file to root the call graph at; undefined: the whole file; null: cancelled. */
async function pickRoot(file: FileOutline): Promise<string | undefined | null> {
  const whole = { label: '$(list-tree) Whole file', root: undefined };
  const pick = await vscode.window.showQuickPick([whole, ...file.functions.map((f) => ({ label: f.name, description: `line ${f.line}`, root: f.name as string | undefined }))], {
    title: 'Show Call Graph: root at which function?',
  });
  return pick ? pick.root : null;
}

/** A command's document: its URI argument, else the active editor's. */
async function documentArg(ctx: LockflowContext, uri: unknown): Promise<vscode.TextDocument | undefined> {
  return uri instanceof vscode.Uri ? vscode.workspace.openTextDocument(uri) : ctx.targetDocument();
}

/** The call graph of `file` from `root` (undefined: the whole file), its lock-relevant calls from the review; redrawn when the panel's controls change. */
async function drawCallGraph(ctx: LockflowContext, doc: vscode.TextDocument, file: ParsedFile, root: string | undefined, options?: Partial<CallGraphRequest>): Promise<Diagram> {
  const review = isReviewable(doc) ? await ctx.reviewOf(doc) : undefined;
  const lockRelevant = review && lockRelevance(review.outcome.result.functions, review.outcome.flows);
  const uri = doc.uri.toString();
  const draw = (choice: Omit<CallGraphRequest, 'root' | 'lockRelevant'>): Diagram => {
    const title = root ? `Calls ${choice.direction === 'callers' ? 'to' : choice.direction === 'both' ? 'around' : 'from'} ${root}()` : `Call graph of ${baseName(doc.uri)}`;
    const diagram = callGraphDiagram([file], { ...choice, root, lockRelevant }, (p) => (p === file.path ? uri : undefined), title);
    ctx.panels.show(diagram, ctx.config.diagramTheme, undefined, (next) => draw(next));
    return diagram;
  };
  return draw({ depth: options?.depth ?? ctx.config.callGraphDepth, direction: options?.direction ?? ctx.config.callGraphDirection, lockOnly: options?.lockOnly ?? false });
}

const handlers: Record<CommandName, Handler> = {
  /** Reviews the C file now (with progress, cancellable) and reveals the Lockflow Review view. */
  async reviewFile(ctx, arg?: unknown): Promise<ReviewData['result'] | undefined> {
    const doc = await ctx.targetDocument(arg);
    if (!doc) return undefined;
    if (!isReviewable(doc)) {
      void vscode.window.showInformationMessage('Lockflow: Review Current File reviews C files; for a patch or a mail use Review Patch or Mail….');
      return undefined;
    }
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Lockflow: reviewing ${baseName(doc.uri)}`, cancellable: true },
      (_p, token) => ctx.reviewer.review(doc, token),
    );
    if (outcome) {
      const n = outcome.result.findings.length;
      void vscode.window.setStatusBarMessage(`Lockflow: ${n} finding${n === 1 ? '' : 's'} in ${baseName(doc.uri)}`, 5000);
      void vscode.commands.executeCommand('lockflow.review.focus');
    }
    return outcome?.result;
  },

  reviewPatch(ctx, arg?: unknown, base?: unknown) {
    return reviewPatchCommand(ctx, ctx.sessions, ctx.units, arg, baseArgument(base));
  },

  /** The lock flow of the function at the cursor, or of the function named (from a CodeLens). */
  async showLockFlow(ctx, uri?: vscode.Uri, name?: string): Promise<Diagram | undefined> {
    const doc = await documentArg(ctx, uri);
    if (!doc) return undefined;
    return ctx.panels.whileWaiting('lockflow', 'Lock flow', async () => {
      const review = await ctx.reviewOf(doc);
      const file = review?.outcome.files.find((f) => f.path === review.path);
      const fn = file && targetFunction(file, doc, name);
      const flow = fn ? review?.outcome.flows.get(fn) : undefined;
      return flow && review ? show(ctx, lockFlowDiagram(flow, (p) => review.uriOf(p).toString())) : undefined;
    });
  },

  async showLockOrder(ctx, arg?: unknown): Promise<Diagram | undefined> {
    const doc = await ctx.targetDocument(arg);
    if (!doc) return undefined;
    return ctx.panels.whileWaiting('lockorder', 'Lock order', async () => {
      const review = await ctx.reviewOf(doc);
      if (!review) return undefined;
      const edges = review.outcome.result.lockOrder;
      const diagram = lockOrderDiagram(edges, (p) => review.uriOf(p).toString(), `Lock order in ${baseName(doc.uri)}`);
      ctx.panels.show(diagram, ctx.config.diagramTheme, (index) => {
        const site = lockOrderSite(edges, index);
        if (site) void revealLine(review.uriOf(site.file), site.line);
      });
      return diagram;
    });
  },

  /** Arguments (for tests and links): the document, the function, a scenario name or '*' for all. */
  simulate(ctx, uri?: vscode.Uri, fn?: string, scenario?: string) {
    return simulateCommand(ctx, uri instanceof vscode.Uri ? uri : undefined, fn, scenario);
  },

  /** `session` (tests, links): the id of the patch session to reply to. */
  copyReviewReply(ctx, session?: unknown) {
    return copyReviewReply(ctx.units, ctx.threads, typeof session === 'number' ? session : undefined);
  },

  /** `target` (tests) skips the save dialog; `session` as for copyReviewReply. */
  saveReviewReply(ctx, target?: unknown, session?: unknown) {
    return saveReviewReply(ctx.units, ctx.threads, target instanceof vscode.Uri ? target : undefined, typeof session === 'number' ? session : undefined);
  },

  /** A thread's reply button (a CommentReply), or `{ uri, line, text }` from tests and keybindings. */
  replyInThread(ctx, reply?: unknown) {
    const ok = reply && typeof reply === 'object' && typeof (reply as { text?: unknown }).text === 'string';
    return ok ? ctx.threads.reply(reply as Parameters<typeof ctx.threads.reply>[0]) : undefined;
  },

  /**
   * The call graph rooted at the function at the cursor (else one picked; "whole file" draws all),
   * `depth` calls deep in `direction` (settings, or `options` for tests and links).
   */
  async showCallGraph(ctx, arg?: unknown, options?: Partial<CallGraphRequest> & { wholeFile?: boolean }): Promise<Diagram | undefined> {
    const doc = await ctx.targetDocument(arg instanceof vscode.Uri ? arg : undefined);
    const file = doc && (await ctx.parse(doc));
    if (!doc || !file) return undefined;
    const root = options?.wholeFile ? undefined : (options?.root ?? rootAtCursor(file, doc) ?? (await pickRoot(file)));
    if (root === null) return undefined;
    return ctx.panels.whileWaiting('callgraph', 'Call graph', () => drawCallGraph(ctx, doc, file, root, options));
  },

  /** The CFG of the function at the cursor, or of the function named (from a CodeLens). */
  async showCfg(ctx, uri?: vscode.Uri, name?: string): Promise<Diagram | undefined> {
    const doc = await documentArg(ctx, uri);
    const file = doc && (await ctx.parse(doc));
    const fnName = doc && file && targetFunction(file, doc, name);
    const fn = fnName ? file?.functions.find((f) => f.name === fnName) : undefined;
    return doc && file && fn ? show(ctx, cfgDiagram(file, fn, doc.uri.toString())) : undefined;
  },

  exportDiagram(ctx, format?: ExportFormat, target?: vscode.Uri) {
    return exportDiagram(ctx.panels.active(), format, target);
  },

  /** `lockflow index` for the kernel tree of the file in view (or one picked); the report text, for tests. */
  indexTree(ctx, uri?: unknown) {
    return indexTreeCommand(ctx, uri);
  },
};

export function registerCommands(ctx: LockflowContext): vscode.Disposable[] {
  return COMMANDS.map((c) => vscode.commands.registerCommand(commandId(c.name), (...args: unknown[]) => guarded(c.title, () => handlers[c.name](ctx, ...args))));
}
