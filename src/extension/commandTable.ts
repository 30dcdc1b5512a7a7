/**
 * Every Lockflow command, in one table: the manifest's `contributes.commands`
 * must list exactly these (a unit test checks), and the prefix is added here
 * only. Data only, no 'vscode' import, so tests and tools can read it.
 */
export const COMMAND_PREFIX = 'lockflow.';
export const CATEGORY = 'Lockflow';
export const DEBUG_CATEGORY = 'Lockflow (debug)';

export type CommandName = 'reviewFile' | 'reviewPatch' | 'showLockFlow' | 'showLockOrder' | 'simulate' | 'copyReviewReply' | 'saveReviewReply' | 'replyInThread' | 'showCallGraph' | 'showCfg' | 'exportDiagram' | 'indexTree';

export interface CommandSpec {
  name: CommandName;
  title: string;
  category: string;
  /** Offered in the C editor's context menu. */
  editorMenu?: boolean;
  /** Offered in the explorer's context menu: for C files, or for patch and mail files. */
  explorerMenu?: 'c' | 'patch';
}

/** The explorer menu's `when` for each kind of file. */
export const EXPLORER_WHEN = {
  c: 'resourceLangId == c',
  patch: 'resourceExtname =~ /^\\.(patch|diff|mbox|mbx|eml)$/',
} as const;

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'reviewFile', title: 'Review Current File', category: CATEGORY, editorMenu: true, explorerMenu: 'c' },
  { name: 'reviewPatch', title: 'Review Patch or Mail…', category: CATEGORY, explorerMenu: 'patch' },
  { name: 'showLockFlow', title: 'Show Lock Flow', category: CATEGORY, editorMenu: true },
  { name: 'showLockOrder', title: 'Show Lock Order Graph', category: CATEGORY, editorMenu: true },
  { name: 'simulate', title: 'Simulate…', category: CATEGORY, editorMenu: true },
  { name: 'copyReviewReply', title: 'Copy Review Reply', category: CATEGORY },
  { name: 'saveReviewReply', title: 'Save Review Reply…', category: CATEGORY },
  { name: 'replyInThread', title: 'Reply', category: CATEGORY },
  { name: 'showCallGraph', title: 'Show Call Graph', category: CATEGORY, editorMenu: true, explorerMenu: 'c' },
  { name: 'showCfg', title: 'Show Control-Flow Graph', category: DEBUG_CATEGORY },
  { name: 'exportDiagram', title: 'Export Diagram', category: CATEGORY },
  { name: 'indexTree', title: 'Index Kernel Tree', category: CATEGORY },
];

export function commandId(name: CommandName): string {
  return COMMAND_PREFIX + name;
}
