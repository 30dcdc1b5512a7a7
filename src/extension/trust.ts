/**
 * Settings a workspace may not set unless it is trusted: they change what is analysed or how much
 * it costs, and a hostile repository's .vscode/settings.json could otherwise set them. The same
 * list is `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json. No vscode import.
 */
export const RESTRICTED_SETTINGS = ['lockflow.lockFunctions', 'lockflow.knowledgeFile', 'lockflow.contextAssumptions', 'lockflow.maxPaths', 'lockflow.simulation.maxInterleavings', 'lockflow.reviewOnSave'] as const;

/** What `WorkspaceConfiguration.inspect()` returns, the parts read here. */
export interface Inspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The effective value; in an untrusted workspace only the user's own and the default count. */
export function settingValue<T>(inspected: Inspected<T> | undefined, trusted: boolean, fallback: T): T {
  const i = inspected ?? {};
  const user = i.globalValue ?? i.defaultValue ?? fallback;
  return trusted ? (i.workspaceFolderValue ?? i.workspaceValue ?? user) : user;
}
