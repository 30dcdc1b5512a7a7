/**
 * Copy and Save Review Reply: the reply to a reviewed patch or mail. When the reviewer wrote in
 * comment threads, the reply is built from them (core threadsToMail: each thread's hunk trimmed
 * around its line, the remark it answers, the reviewer's words below); else it is Lockflow's own
 * review as a reply (made by the worker).
 */
import * as vscode from 'vscode';
import { threadsHaveNotes, threadsToMail } from '../core';
import type { CommentThreads } from './commentThreads';
import type { ReviewUnit, ReviewUnits } from './reviewUnits';

/** `session` (a patch session's id: tests, links) names the patch; else the only one, else one picked. */
async function pickPatch(units: ReviewUnits, title: string, session?: number): Promise<ReviewUnit | undefined> {
  if (session !== undefined) return units.get(`patch:${session}`);
  const patches = units.all().filter((u) => u.patch);
  if (!patches.length) {
    void vscode.window.showInformationMessage('Lockflow: review a patch or a mail first (Review Patch or Mail…).');
    return undefined;
  }
  if (patches.length === 1) return patches[0];
  return (await vscode.window.showQuickPick(patches.map((u) => ({ label: u.label, unit: u })), { title }))?.unit;
}

function replyOf(unit: ReviewUnit, threads: CommentThreads): string {
  const session = unit.patch!;
  const drafted = threads.replyThreads(session.id);
  return threadsHaveNotes(drafted) ? threadsToMail(session.review.set, drafted, session.review.replyOptions) : session.review.reply;
}

export async function copyReviewReply(units: ReviewUnits, threads: CommentThreads, session?: number): Promise<string | undefined> {
  const unit = await pickPatch(units, 'Copy the review reply of', session);
  if (!unit?.patch) return undefined;
  const text = replyOf(unit, threads);
  await vscode.env.clipboard.writeText(text);
  void confirmCopy(unit.label, text);
  return text;
}

/** Writes the reply as an `.eml` (a save dialog unless `target` is given); returns where. */
export async function saveReviewReply(units: ReviewUnits, threads: CommentThreads, target?: vscode.Uri, session?: number): Promise<vscode.Uri | undefined> {
  const unit = await pickPatch(units, 'Save the review reply of', session);
  if (!unit?.patch) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `Re-${unit.label.replace(/^\[[^\]]*\]\s*/, '').replace(/[^\w.-]+/g, '-').slice(0, 60) || 'review'}.eml`;
  const uri = target ?? (await vscode.window.showSaveDialog({ title: 'Save Review Reply', filters: { Mail: ['eml'] }, defaultUri: folder && vscode.Uri.joinPath(folder, name) }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(replyOf(unit, threads)));
  void vscode.window.showInformationMessage(`Lockflow: the reply to ${unit.label} is saved in ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then((open) => {
    if (open) void vscode.window.showTextDocument(uri);
  });
  return uri;
}

/** Says what is on the clipboard; Show Reply opens it as a mail in an editor to read before pasting. */
async function confirmCopy(label: string, text: string): Promise<void> {
  const lines = text.split('\n').length;
  const open = await vscode.window.showInformationMessage(`Lockflow: the reply to ${label} is on the clipboard (${lines} lines).`, 'Show Reply');
  if (open) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' }), { preview: true });
}
