/**
 * Lockflow's VS Code entry point: a thin shell that wires the core to the
 * editor. Everything that understands C lives in src/core.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { onDidChangeConfig } from './config';
import { LockflowContext } from './context';

export function activate(extension: vscode.ExtensionContext): void {
  const ctx = new LockflowContext(extension);
  extension.subscriptions.push(
    ctx,
    ...registerCommands(ctx),
    onDidChangeConfig((config) => ctx.panels.setTheme(config.diagramTheme)),
    vscode.workspace.onDidCloseTextDocument((doc) => ctx.parses.forget(doc.uri)),
  );
}

export function deactivate(): void {
  // Everything is disposed through extension.subscriptions.
}
