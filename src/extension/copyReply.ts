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
  void vscode.window.setStatusBarMessage('Lockflow: review reply copied', 4000);
  return text;
}
