/**
 * Lockflow's agent tools as VS Code language-model tools (Copilot agent mode and other chat
 * agents call them): the core's one table names them, the core answers in the analysis worker, this
 * file only picks the workspace folder a call reads under and asks before reading a file no editor shows.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { TOOL_DEFINITIONS, toolReads, type ToolDefinition } from '../core';
import type { LockflowContext } from './context';
import { engineOptions } from './engineOptions';

type ToolInput = Record<string, unknown>;

/** The workspace folder a call reads under: the one holding its path (absolute, or relative and present there), else the first. */
function rootFor(input: ToolInput, name: string): string {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (!folders.length) throw new Error('Lockflow tools read the files of a workspace folder: open one first');
  const path = toolReads(name, input);
  if (isAbsolute(path)) return folders.find((f) => !relative(f, path).startsWith('..')) ?? folders[0];
  return folders.find((f) => path && existsSync(join(f, path))) ?? folders[0];
}

/** True when an editor already shows the file: the agent reads what the user sees, no question asked. */
function isOpen(root: string, path: string): boolean {
  const abs = isAbsolute(path) ? path : join(root, path);
  return vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === abs);
}

function lockflowTool(def: ToolDefinition, ctx: LockflowContext): vscode.LanguageModelTool<ToolInput> {
  return {
    prepareInvocation(options) {
      const path = toolReads(def.name, options.input);
      const what = path === '.' ? 'the whole workspace folder' : path;
      const invocationMessage = `${def.displayName}: ${what}`;
      const root = rootFor(options.input, def.name);
      if (path && path !== '.' && isOpen(root, path)) return { invocationMessage };
      return {
        invocationMessage,
        confirmationMessages: { title: 'Let Lockflow read files?', message: new vscode.MarkdownString(`${def.displayName} will read \`${what}\` under \`${root}\` (read only; nothing is written).`) },
      };
    },
    async invoke(options, token) {
      // In the analysis worker, as every review: the extension host's thread never analyses.
      // The settings the editor's reviews use (lock functions, context assumptions, bounds), so the answers agree with them.
      const request = { kind: 'tool', name: def.name, input: options.input, root: rootFor(options.input, def.name), options: engineOptions(ctx.config) } as const;
      const result = await ctx.analysis.run(request, token);
      if (result === undefined) throw new vscode.CancellationError();
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(result))]);
    },
  };
}

export function registerLanguageModelTools(ctx: LockflowContext): vscode.Disposable[] {
  // An editor without the language-model API (older than 1.95, or a fork without it) still gets the rest of Lockflow.
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return TOOL_DEFINITIONS.map((def) => vscode.lm.registerTool(def.name, lockflowTool(def, ctx)));
}
