/**
 * Every Lockflow command, in one table: the manifest's `contributes.commands`
 * must list exactly these (a unit test checks), and the prefix is added here
 * only. Data only, no 'vscode' import, so tests and tools can read it.
 */
export const COMMAND_PREFIX = 'lockflow.';
export const CATEGORY = 'Lockflow';
export const DEBUG_CATEGORY = 'Lockflow (debug)';

export type CommandName = 'showCallGraph' | 'showCfg' | 'exportDiagram';

export interface CommandSpec {
  name: CommandName;
  title: string;
  category: string;
  /** Offered in the C editor's context menu. */
  editorMenu?: boolean;
  /** Offered in the explorer's context menu for patch and mail files. */
  explorerMenu?: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'showCallGraph', title: 'Show Call Graph', category: CATEGORY, editorMenu: true },
  { name: 'showCfg', title: 'Show Control-Flow Graph', category: DEBUG_CATEGORY },
  { name: 'exportDiagram', title: 'Export Diagram', category: CATEGORY },
];

export function commandId(name: CommandName): string {
  return COMMAND_PREFIX + name;
}
