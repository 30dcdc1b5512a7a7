/**
 * Lockflow's settings, read fresh each time they are needed so a change
 * applies without a reload; `onDidChange` lets holders of derived state
 * (diagram themes, live analysis) react at once.
 */
import * as vscode from 'vscode';
import type { DiagramTheme } from '../webview/protocol';

export interface LockflowConfig {
  lockFunctions: unknown[];
  contextAssumptions: unknown[];
  maxPaths: number;
  maxInterleavings: number;
  reviewOnSave: boolean;
  diagramTheme: DiagramTheme;
}

export function readConfig(scope?: vscode.ConfigurationScope): LockflowConfig {
  const c = vscode.workspace.getConfiguration('lockflow', scope);
  return {
    lockFunctions: c.get<unknown[]>('lockFunctions', []),
    contextAssumptions: c.get<unknown[]>('contextAssumptions', []),
    maxPaths: c.get<number>('maxPaths', 2000),
    maxInterleavings: c.get<number>('simulation.maxInterleavings', 10000),
    reviewOnSave: c.get<boolean>('reviewOnSave', true),
    diagramTheme: c.get<DiagramTheme>('diagram.theme', 'auto'),
  };
}

export function onDidChangeConfig(listener: (config: LockflowConfig) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('lockflow')) listener(readConfig());
  });
}
