/**
 * Where a patch's base is, when the workspace folders do not have its paths at their roots: a
 * folder inside the workspace that has them (found by the diff path), any folder, a revision of a
 * git repository of the workspace (through the built-in Git extension), or the hunks alone.
 */
import * as vscode from 'vscode';
import { resolve } from 'node:path';
import { isInside } from '../core';

export type BaseChoice = { folder: string } | { revision: { repo: string; rev: string }; toUri?: (path: string) => vscode.Uri } | { hunksOnly: true };

/** The slice of the built-in Git extension's API (`vscode.git`, version 1) used here. */
interface GitApi {
  repositories: Array<{ rootUri: vscode.Uri }>;
  toGitUri(uri: vscode.Uri, ref: string): vscode.Uri;
}

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  try {
    return (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  } catch {
    return undefined;
  }
}

/** Folders under the workspace that hold `path` below them: `linux/` for `drivers/misc/gadget.c` at `linux/drivers/misc/gadget.c`. */
async function foldersHolding(path: string): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.workspace.workspaceFolders?.[0] ?? '', `**/${path}`), '**/node_modules/**', 20);
  const depth = path.split('/').length;
  return found.filter((u) => u.scheme === 'file').map((u) => vscode.Uri.joinPath(u, ...Array<string>(depth).fill('..')));
}

interface Item extends vscode.QuickPickItem {
  choose: () => Promise<BaseChoice | undefined>;
}

/** Asks where the base is; undefined when the reviewer dismissed the question (the hunks alone, then). */
export async function pickBase(notFound: string[]): Promise<BaseChoice | undefined> {
  const path = notFound[0];
  const items: Item[] = [];
  for (const dir of vscode.workspace.workspaceFolders?.length ? await foldersHolding(path) : []) {
    items.push({ label: `$(folder) ${vscode.workspace.asRelativePath(dir)}`, description: `has ${path}`, choose: async () => ({ folder: dir.fsPath }) });
  }
  items.push({
    label: '$(folder-opened) Choose a folder…',
    description: 'the top of the tree the patch applies to',
    choose: async () => {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title: `The tree that has ${path}` });
      return picked?.[0] ? { folder: picked[0].fsPath } : undefined;
    },
  });
  const git = await gitApi();
  for (const repo of git?.repositories ?? []) {
    items.push({
      label: `$(git-commit) A revision of ${vscode.workspace.asRelativePath(repo.rootUri) || repo.rootUri.fsPath}…`,
      description: 'a commit, tag or branch',
      choose: async () => {
        const rev = await vscode.window.showInputBox({ title: 'The revision the patch applies to', prompt: 'A commit, tag or branch of the repository', value: 'HEAD', validateInput: (v) => (!v.trim() || v.startsWith('-') ? 'a revision name, not an option' : undefined) });
        if (!rev) return undefined;
        const r = rev.trim();
        return { revision: { repo: repo.rootUri.fsPath, rev: r }, toUri: (p: string) => git!.toGitUri(vscode.Uri.joinPath(repo.rootUri, p), r) };
      },
    });
  }
  items.push({ label: '$(diff) Review the hunks alone', description: 'no base: what the patch shows', choose: async () => ({ hunksOnly: true }) });
  const more = notFound.length > 1 ? ` (and ${notFound.length - 1} more)` : '';
  const picked = await vscode.window.showQuickPick(items, { title: `Lockflow: ${path}${more} is not at the top of a workspace folder. Where is the base?`, ignoreFocusOut: true });
  return picked?.choose();
}

/**
 * A base given with the command (`{ folder }` or `{ revision: { repo, rev } }`), taken only inside
 * the workspace's folders: a command can be run by anything, and reads stay inside the workspace.
 */
export function baseArgument(value: unknown): BaseChoice | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { folder?: unknown; revision?: { repo?: unknown; rev?: unknown }; hunksOnly?: unknown };
  // The hunks alone read nothing: always safe to ask for.
  if (v.hunksOnly === true) return { hunksOnly: true };
  const inside = (p: unknown): p is string => typeof p === 'string' && (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && isInside(f.uri.fsPath, resolve(p)));
  if (inside(v.folder)) return { folder: resolve(v.folder) };
  if (v.revision && inside(v.revision.repo) && typeof v.revision.rev === 'string' && v.revision.rev && !v.revision.rev.startsWith('-')) return { revision: { repo: resolve(v.revision.repo), rev: v.revision.rev } };
  return undefined;
}
