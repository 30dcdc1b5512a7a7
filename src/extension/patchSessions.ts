/**
 * Reviewed patches: the patched text lives in virtual documents
 * (lockflow-patched:/path?session=N), never in the user's files. A session
 * keeps the patch, its review and how to map paths to editor URIs.
 */
import * as vscode from 'vscode';
import type { PatchedFile } from '../core';
import type { PatchReviewData } from '../worker/protocol';

export const PATCHED_SCHEME = 'lockflow-patched';

export interface PatchSession {
  id: number;
  title: string;
  /** Where the patch or mail came from. */
  source?: vscode.Uri;
  review: PatchReviewData;
  /** The workspace file a diff path was read from as the base, if any. */
  baseUris: Map<string, vscode.Uri>;
}

export function patchedUri(session: number, path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PATCHED_SCHEME, path: '/' + path.replace(/^\/+/, ''), query: `session=${session}` });
}

/** The session id and diff path of a patched document's URI. */
export function parsePatchedUri(uri: vscode.Uri): { session: number; path: string } | undefined {
  if (uri.scheme !== PATCHED_SCHEME) return undefined;
  const m = /(?:^|&)session=(\d+)/.exec(uri.query);
  return m ? { session: Number(m[1]), path: uri.path.replace(/^\//, '') } : undefined;
}

export class PatchSessions implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly sessions = new Map<number, PatchSession>();
  private next = 1;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  add(make: (id: number) => PatchSession): PatchSession {
    const session = make(this.next++);
    this.sessions.set(session.id, session);
    for (const f of session.review.files) this.changed.fire(patchedUri(session.id, f.path));
    return session;
  }

  get(id: number): PatchSession | undefined {
    return this.sessions.get(id);
  }

  file(uri: vscode.Uri): PatchedFile | undefined {
    const p = parsePatchedUri(uri);
    return p && this.sessions.get(p.session)?.review.files.find((f) => f.path === p.path);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const f = this.file(uri);
    return f ? f.text : `Lockflow: this patched document is no longer available (${uri.toString()}). Review the patch again.`;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
