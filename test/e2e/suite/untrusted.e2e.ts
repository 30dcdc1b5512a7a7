/**
 * Lockflow in a workspace that is not trusted: code-server runs with workspace trust on, no
 * prompt, and trust never granted (restricted mode), in a workspace whose .vscode/settings.json
 * declares grab_pool_lock() a lock primitive. The control, the same setting applied in a trusted
 * workspace, is in extension.e2e.ts. Two layers keep the workspace's value out, each enough alone
 * (checked by disabling each): VS Code drops it for the settings package.json lists in
 * restrictedConfigurations, and readConfig (trust.ts) ignores it when the workspace is not
 * trusted; this test fails only when both are gone. trust.ts alone is unit-tested in test/extension.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hostileLockFunctions, hoverText, lensAt, lineOf, openFixture, workspaceFile } from './editorHelpers';
import { test, waitFor } from './runner';

test('the workspace is in restricted mode, and its own settings set lockflow.lockFunctions', async () => {
  assert.equal(vscode.workspace.isTrusted, false);
  const settings = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('.vscode/settings.json'))));
  assert.deepEqual(settings['lockflow.lockFunctions'], hostileLockFunctions());
});

test('Lockflow runs there and keeps the default lockflow.lockFunctions', async () => {
  const ext = vscode.extensions.getExtension('lockflow.lockflow');
  assert.ok(ext, 'the extension is installed');
  const editor = await openFixture('grab.c');
  await waitFor('activation in restricted mode', () => ext.isActive);
  const doc = editor.document;
  // With the workspace's primitive grab_count() would acquire pool->lock and keep it.
  assert.equal(await waitFor('the lens of grab_count()', () => lensAt(doc, 'int grab_count(')), 'no lock effects · 1 path');
  assert.match(await hoverText(doc, lineOf(doc, 'n = pool->count;')), /no locks held here/);
  const result = (await vscode.commands.executeCommand('lockflow.reviewFile')) as { findings: { rule: string }[] } | undefined;
  assert.ok(result, 'the file was reviewed');
  assert.deepEqual(result.findings.map((f) => f.rule), []);
});
