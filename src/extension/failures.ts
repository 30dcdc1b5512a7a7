/**
 * Analysis failures shown to the user instead of becoming unhandled rejections in the extension
 * host: an error message once per distinct failure, with what was being done.
 */
import * as vscode from 'vscode';

let lastShown: string | undefined;

export function showFailure(what: string, e: unknown): void {
  const message = `Lockflow: ${what} failed: ${e instanceof Error ? e.message : String(e)}`;
  if (message === lastShown) return;
  lastShown = message;
  void vscode.window.showErrorMessage(message);
}

/** Runs `task`, showing its failure (sync or async) rather than rejecting. */
export async function guarded<T>(what: string, task: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch (e) {
    showFailure(what, e);
    return undefined;
  }
}
