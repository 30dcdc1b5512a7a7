/** The command handlers, keyed by the names of commandTable.ts. */
import * as vscode from 'vscode';
import { COMMANDS, commandId, type CommandName } from './commandTable';
import type { LockflowContext } from './context';
import { callGraphDiagram, cfgDiagram, functionAt } from './diagrams';
import { exportDiagram } from './exportDiagram';
import type { Diagram, ExportFormat } from '../webview/protocol';

type Handler = (ctx: LockflowContext, ...args: any[]) => unknown;

const handlers: Record<CommandName, Handler> = {
  async showCallGraph(ctx, arg?: unknown): Promise<Diagram | undefined> {
    const doc = await ctx.targetDocument(arg);
    const file = doc && (await ctx.parse(doc));
    if (!doc || !file) return undefined;
    const uri = doc.uri.toString();
    const diagram = callGraphDiagram([file], (p) => (p === file.path ? uri : undefined), `Call graph of ${basename(doc.uri)}`);
    ctx.panels.show(diagram, ctx.config.diagramTheme);
    return diagram;
  },

  async showCfg(ctx): Promise<Diagram | undefined> {
    const editor = vscode.window.activeTextEditor;
    const file = editor && (await ctx.parse(editor.document));
    if (!editor || !file) return undefined;
    const fn = functionAt(file, editor.selection.active.line + 1);
    if (!fn) {
      void vscode.window.showInformationMessage('Lockflow: put the cursor inside a function.');
      return undefined;
    }
    const diagram = cfgDiagram(file, fn, editor.document.uri.toString());
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
