/** Copy Review Reply: Lockflow's review of a patch as a reply mail, quoting the lines it is about. */
import * as vscode from 'vscode';
import { reviewToMail } from '../core/render/mail';
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
  const text = reviewToMail(unit.patch.review, unit.outcome.result.findings);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage('Lockflow: review reply copied', 4000);
  return text;
}
