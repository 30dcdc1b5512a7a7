/**
 * Review Patch or Mail…: read a patch, an mbox or a mail (from the explorer,
 * the active editor or a file picker), apply it to the workspace's files in
 * memory, review the result (all in the analysis worker), and show the patched text beside its base.
 */
import * as vscode from 'vscode';
import { readUserFile } from '../core';
import { AnalysisError } from './analysisClient';
import type { LockflowContext } from './context';
import { engineOptions } from './engineOptions';
import { patchedUri, parsePatchedUri, type PatchSession, type PatchSessions } from './patchSessions';
import type { ReviewUnits } from './reviewUnits';
import { baseName } from './baseName';
import { showFailure } from './failures';
import { pickBase, type BaseChoice } from './basePicker';
import type { PatchReviewData } from '../worker/protocol';
import type { ReplyOptions } from '../core';
import type { LockflowConfig } from './config';

export const PATCH_EXTENSIONS = ['patch', 'diff', 'mbox', 'mbx', 'eml'];

interface Input {
  text: string;
  name: string;
  uri?: vscode.Uri;
}

async function pickInput(arg: unknown): Promise<Input | undefined> {
  if (arg instanceof vscode.Uri) {
    // A local file goes through the core's reader: no device, FIFO or file over the size cap.
    const text = arg.scheme === 'file' ? readUserFile(arg.fsPath) : new TextDecoder().decode(await vscode.workspace.fs.readFile(arg));
    return { text, name: baseName(arg), uri: arg };
  }
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.languageId !== 'c') return { text: doc.getText(), name: baseName(doc.uri), uri: doc.uri };
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Patches and mail': PATCH_EXTENSIONS, 'All files': ['*'] }, title: 'Review Patch or Mail' });
  return picked?.[0] ? pickInput(picked[0]) : undefined;
}

/**
 * `base` answers the base question beforehand (a folder or a revision): for a caller that knows,
 * and for tests. Without it, when the workspace folders lack a diff path, the reviewer is asked.
 */
export async function reviewPatchCommand(ctx: LockflowContext, sessions: PatchSessions, units: ReviewUnits, arg?: unknown, base?: BaseChoice): Promise<PatchSession | undefined> {
  const input = await pickInput(arg);
  if (!input) return undefined;
  let review = await analyse(ctx, input, base);
  if (review && !base && review.notFound.length) {
    const chosen = await pickBase(review.notFound);
    if (chosen && !('hunksOnly' in chosen)) review = await analyse(ctx, input, chosen);
    base = chosen;
  }
  if (!review) return undefined;
  const first = review.set.patches[0];
  const baseUris = new Map(Object.entries(review.bases).map(([path, file]) => [path, vscode.Uri.file(file)]));
  if (base && 'toUri' in base && base.toUri) for (const f of review.files) if (f.baseText !== undefined) baseUris.set(f.path, base.toUri(f.path));
  const final = review;
  const session = sessions.add((id) => ({ id, title: first.rawSubject || first.subject, source: input.uri, review: final, baseUris }));
  const paths = new Set(session.review.files.map((f) => f.path));
  units.set({
    key: `patch:${session.id}`,
    label: session.title,
    outcome: session.review.after,
    uriOf: (p) => (paths.has(p) ? patchedUri(session.id, p) : vscode.Uri.file(p)),
    pathOf: (u) => {
      const parsed = parsePatchedUri(u);
      return parsed && parsed.session === session.id && paths.has(parsed.path) ? parsed.path : undefined;
    },
    patch: session,
  });
  // The hunks alone were asked for: that no base was read is no news.
  if (!(base && 'hunksOnly' in base)) warnNotApplied(session);
  await openPatched(session);
  // The findings and the reviewer's remarks are in the view: show it.
  await vscode.commands.executeCommand('lockflow.review.focus');
  return session;
}

/** The reply's sender from the setting (`Name <address>`), else left to the worker (git's user.name/email). */
function replyOptions(config: LockflowConfig): ReplyOptions {
  const m = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(config.replyFrom);
  return { reviewedBy: config.replyReviewedBy, ...(m && m[1] ? { from: { name: m[1], email: m[2] } } : {}) };
}

/** The review in the worker, with progress and Cancel; undefined when cancelled or failed (said to the user). */
async function analyse(ctx: LockflowContext, input: Input, base?: BaseChoice): Promise<PatchReviewData | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Lockflow: reviewing ${input.name}`, cancellable: true }, async (_progress, token) => {
    // Only folders on disk: the worker reads bases with the core's confined reader.
    const workspace = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const folders = base && 'folder' in base ? [base.folder] : base && 'hunksOnly' in base ? [] : workspace;
    const revision = base && 'revision' in base ? base.revision : undefined;
    try {
      const review = await ctx.analysis.run({ kind: 'patch', text: input.text, name: input.name, folders, revision, reply: replyOptions(ctx.config), options: engineOptions(ctx.config) }, token);
      return review && !token.isCancellationRequested ? review : undefined;
    } catch (e) {
      // The patch's own problems are warnings; a failure of Lockflow's is an error.
      if (e instanceof AnalysisError && e.input) void vscode.window.showWarningMessage(`Lockflow: ${e.message}`);
      else showFailure(`reviewing ${input.name}`, e);
      return undefined;
    }
  });
}

/** Hunks that did not apply and bases not found: a notification, besides the limits in the view. */
function warnNotApplied(session: PatchSession): void {
  const problems: string[] = [];
  for (const f of session.review.files) {
    const rejected = f.apply?.hunks.flatMap((h, k) => (h.status === 'rejected' ? [k + 1] : [])) ?? [];
    if (f.missing) problems.push(`${f.path}: ${f.missing}`);
    else if (rejected.length) problems.push(`${f.path}: hunk ${rejected.join(', ')} of ${f.apply!.hunks.length} did not apply; reviewed with the others applied`);
  }
  if (problems.length) void vscode.window.showWarningMessage(`Lockflow: ${problems.join('; ')}. The Lockflow Review view says why.`);
}

/** Opens the first patched file: as a diff from its base when the workspace has the base, else alone. */
async function openPatched(session: PatchSession): Promise<void> {
  const f = session.review.files[0];
  if (!f) return;
  const patched = patchedUri(session.id, f.path);
  const base = session.baseUris.get(f.path);
  const name = baseName(f.path);
  // Open where there is something to read: the first finding, else the first line the patch shows.
  const line = session.review.after.result.findings.find((x) => x.file === f.path)?.line ?? f.text.split('\n').findIndex((l) => l.trim()) + 1;
  const selection = new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), 0);
  if (base && f.baseText !== undefined) await vscode.commands.executeCommand('vscode.diff', base, patched, `${name} (base ↔ patched by Lockflow)`, { selection, preview: false });
  else await vscode.window.showTextDocument(patched, { preview: false, selection });
}
