/** Copy Review Reply: Lockflow's review of a patch as a reply mail, quoting the lines it is about (made by the worker). */
import * as vscode from 'vscode';
import type { ReviewUnits } from './reviewUnits';

export async function copyReviewReply(units: ReviewUnits): Promise<string | undefined> {
  const patches = units.all().filter((u) => u.patch);
  if (!patches.length) {
    void vscode.window.showInformationMessage('Lockflow: review a patch or a mail first (Review Patch or Mail…).');
    return undefined;
  }
  const unit =
    patches.length === 1
      ? patches[0]
      : (await vscode.window.showQuickPick(patches.map((u) => ({ label: u.label, unit: u })), { title: 'Copy the review reply of' }))?.unit;
  if (!unit?.patch) return undefined;
  const text = unit.patch.review.reply;
  await vscode.env.clipboard.writeText(text);
  void confirmCopy(unit.label, text);
  return text;
}

/** Says what is on the clipboard; Show Reply opens it as a mail in an editor to read before pasting. */
async function confirmCopy(label: string, text: string): Promise<void> {
  const lines = text.split('\n').length;
  const open = await vscode.window.showInformationMessage(`Lockflow: the reply to ${label} is on the clipboard (${lines} lines).`, 'Show Reply');
  if (open) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' }), { preview: true });
}
