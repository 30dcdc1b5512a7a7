/**
 * Lockflow's settings, read fresh each time they are needed so a change
 * applies without a reload; `onDidChange` lets holders of derived state
 * (diagram themes, live analysis) react at once.
 */
import * as vscode from 'vscode';
import type { DiagramTheme } from '../webview/protocol';
import { settingValue } from './trust';
import { DEFAULT_OPTIONS } from '../core';

export interface LockflowConfig {
  lockFunctions: unknown[];
  /** A kernel knowledge document that extends the shipped one (knowledge.schema.json). */
  knowledgeFile: string;
  contextAssumptions: unknown[];
  maxPaths: number;
  maxInterleavings: number;
  reviewOnSave: boolean;
  diagramTheme: DiagramTheme;
  /** Pre-existing findings of a patch review: hints and a collapsed group, or shown in full. */
  preExistingFindings: 'folded' | 'full';
  /** The review reply's sender (`Name <address>`; empty: git's user.name/user.email) and Reviewed-by: offer. */
  replyFrom: string;
  replyReviewedBy: boolean;
  /** Syntax notes ("could not parse '#ifdef'") in Problems too, not only in the output channel. */
  syntaxNotes: boolean;
  /** Show Call Graph: calls followed from the root, and which way. */
  callGraphDepth: number;
  callGraphDirection: 'callees' | 'callers' | 'both';
  /** Lockflow's findings as comment threads too, beside the mail's remarks. */
  commentFindings: boolean;
}

export function readConfig(scope?: vscode.ConfigurationScope): LockflowConfig {
  const c = vscode.workspace.getConfiguration('lockflow', scope);
  // Restricted settings (trust.ts): an untrusted workspace's own values are ignored.
  const restricted = <T>(key: string, fallback: T): T => settingValue(c.inspect<T>(key), vscode.workspace.isTrusted, fallback);
  return {
    lockFunctions: restricted<unknown[]>('lockFunctions', []),
    knowledgeFile: restricted<string>('knowledgeFile', ''),
    contextAssumptions: restricted<unknown[]>('contextAssumptions', []),
    maxPaths: restricted<number>('maxPaths', DEFAULT_OPTIONS.review.maxPaths),
    maxInterleavings: restricted<number>('simulation.maxInterleavings', DEFAULT_OPTIONS.simulation.maxInterleavings),
    reviewOnSave: restricted<boolean>('reviewOnSave', true),
    diagramTheme: c.get<DiagramTheme>('diagram.theme', 'auto'),
    preExistingFindings: c.get<'folded' | 'full'>('patch.preExistingFindings', 'folded') === 'full' ? 'full' : 'folded',
    replyFrom: c.get<string>('reply.from', ''),
    replyReviewedBy: c.get<boolean>('reply.reviewedBy', false),
    syntaxNotes: c.get<boolean>('problems.syntaxNotes', false),
    callGraphDepth: Math.max(1, Math.min(10, Math.floor(c.get<number>('callGraph.depth', 2)) || 2)),
    callGraphDirection: oneOf(c.get<string>('callGraph.direction', 'callees'), ['callees', 'callers', 'both'] as const, 'callees'),
    commentFindings: c.get<boolean>('comments.findings', false),
  };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export function onDidChangeConfig(listener: (config: LockflowConfig) => void): vscode.Disposable {
  const changed = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('lockflow')) listener(readConfig());
  });
  // Granting trust makes the workspace's own settings count.
  const granted = vscode.workspace.onDidGrantWorkspaceTrust(() => listener(readConfig()));
  return vscode.Disposable.from(changed, granted);
}
