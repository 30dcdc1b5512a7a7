/** The review desk: the mail's remarks as comment threads, replies in them, and the reply built from them. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import * as vscode from 'vscode';
import type { LockflowApi } from '../../../src/extension/extension';
import type { PatchSession } from '../../../src/extension/patchSessions';
import { workspaceFile } from './editorHelpers';
import { test, waitFor } from './runner';

const SEED = join(__dirname, '..', '..', '..', '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');

async function api(): Promise<LockflowApi> {
  const ext = vscode.extensions.getExtension<LockflowApi>('lockflow.lockflow');
  assert.ok(ext, 'the extension is installed');
  return ext.isActive ? ext.exports : ext.activate();
}

const patched = (session: number, path: string) => vscode.Uri.from({ scheme: 'lockflow-patched', path: `/${path}`, query: `session=${session}` });

test("the seed mail's remarks are comment threads at their lines; a reply typed in one is in the copied reply", async () => {
  const lockflow = await api();
  const session = (await vscode.commands.executeCommand('lockflow.reviewPatch', vscode.Uri.file(SEED), { hunksOnly: true })) as PatchSession | undefined;
  assert.ok(session, 'the seed was reviewed');
  const remark = session.review.set.comments.find((c) => c.depth === 0 && c.anchor?.side === 'new' && /mutex|lock/.test(c.text));
  assert.ok(remark?.anchor, 'the seed has a remark on a line of the diff');
  const uri = patched(session.id, remark.anchor.file);
  const thread = await waitFor('the remark thread', () => lockflow.threadsOn(uri).find((t) => t.line === remark.anchor!.line));
  assert.equal(thread.comments[0].body, remark.text);
  assert.equal(thread.comments[0].author, remark.author ?? 'reviewer');
  assert.match(thread.comments[0].author, /Baolu/);
  assert.equal(thread.comments[0].note, false);
  // Every remark of the sender on the diff has its thread.
  const onDiff = session.review.set.comments.filter((c) => c.depth === 0 && c.anchor?.side === 'new' && c.anchor.file === remark.anchor!.file);
  assert.equal(lockflow.threadsOn(uri).length, onDiff.length);

  // Nothing typed yet: the reply is Lockflow's review, not a quote of the remarks.
  const before = (await vscode.commands.executeCommand('lockflow.copyReviewReply', session.id)) as string;
  assert.ok(!before.includes(`> ${remark.text.split('\n')[0]}`));

  const reply = 'Agreed, the mutex is dropped on that path too; will respin.';
  const after = (await vscode.commands.executeCommand('lockflow.replyInThread', { uri: uri.toString(), line: remark.anchor.line, text: reply })) as { comments: unknown[] };
  assert.equal(after.comments.length, 2, 'the reply joined the remark thread');
  const text = (await vscode.commands.executeCommand('lockflow.copyReviewReply', session.id)) as string;
  assert.equal(await vscode.env.clipboard.readText(), text);
  const quotedRemark = remark.text.split('\n').map((l) => `> ${l}`.trimEnd()).join('\n');
  assert.ok(text.includes(`${quotedRemark}\n\n${reply}\n`), 'the reply is under the quoted remark');
  const parsed = await PostalMime.parse(text);
  assert.ok(parsed.from?.address, 'From: the reviewer');
  assert.deepEqual(parsed.to?.map((a) => a.address), ['baolu.lu@linux.intel.com'], 'To: the writer of the remark');
  assert.deepEqual(parsed.cc?.map((a) => a.address), ['sai.praneeth.prakhya@intel.com'], 'Cc: the patch author');
  assert.match(parsed.subject ?? '', /^Re: \[PATCH V3 1\/3\] iommu:/);
});

test('a thread started on a line with no remark, and Save Review Reply writes the same reply as an .eml, threaded', async () => {
  const lockflow = await api();
  const session = (await vscode.commands.executeCommand('lockflow.reviewPatch', workspaceFile('pool-count-review.eml'))) as PatchSession | undefined;
  assert.ok(session, 'the mail was reviewed');
  const uri = patched(session.id, 'pool.c');
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = doc.getText().split('\n').findIndex((l) => l.includes('n = pool->count;')) + 1;
  assert.ok(line > 0);
  assert.ok(!lockflow.threadsOn(uri).some((t) => t.line === line), 'no remark on that line');
  await vscode.commands.executeCommand('lockflow.replyInThread', { uri: uri.toString(), line, text: 'READ_ONCE() would do here.' });
  assert.ok(lockflow.threadsOn(uri).some((t) => t.line === line && t.comments[0].body === 'READ_ONCE() would do here.'));
  const target = workspaceFile('pool-count-reply.eml');
  const saved = (await vscode.commands.executeCommand('lockflow.saveReviewReply', target, session.id)) as vscode.Uri;
  assert.equal(saved.toString(), target.toString());
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
  assert.equal(text, await vscode.commands.executeCommand('lockflow.copyReviewReply', session.id));
  // A reply to the review mail: the patch it quotes two levels deep, threaded under the review.
  assert.match(text, /^> > \+\tn = pool->count;\n\nREAD_ONCE\(\) would do here\.$/m);
  const parsed = await PostalMime.parse(text);
  assert.equal(parsed.inReplyTo, '<reply-1@example.org>');
  assert.deepEqual(parsed.to?.map((a) => a.address), ['pat@example.org']);
  assert.deepEqual(parsed.cc?.map((a) => a.address), ['dev@example.org']);
  await vscode.workspace.fs.delete(target);
});
