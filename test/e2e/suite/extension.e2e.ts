/** Lockflow inside a real VS Code: activation, commands, diagram panels, export. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, commandId } from '../../../src/extension/commandTable';
import type { Diagram } from '../../../src/webview/protocol';
import { test, waitFor } from './runner';

const EXTENSION_ID = 'lockflow.lockflow';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

async function openFixture(name: string, line = 1): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const pos = new vscode.Position(line - 1, 0);
  editor.selection = new vscode.Selection(pos, pos);
  return editor;
}

function lineOf(doc: vscode.TextDocument, text: string): number {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `fixture has ${text}`);
  return doc.positionAt(i).line + 1;
}

function webviewTabs(label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
}

test('activates lazily when a C file opens', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  await openFixture('pool.c');
  await waitFor('activation on a C file', () => ext.isActive);
});

test('every command of the table is registered and contributed', async () => {
  const all = new Set(await vscode.commands.getCommands(true));
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, COMMANDS.map((c) => commandId(c.name)).sort());
  for (const id of contributed) assert.ok(all.has(id), `${id} is registered`);
});

test('Show Call Graph draws the file in one panel, reused on the next run', async () => {
  const editor = await openFixture('pool.c');
  const diagram = (await vscode.commands.executeCommand('lockflow.showCallGraph')) as Diagram;
  assert.equal(diagram.kind, 'callgraph');
  assert.match(diagram.mermaid, /\["pool_reset"\]/);
  const resetRef = Object.values(diagram.nodes).find((r) => r.line === lineOf(editor.document, 'int pool_reset('));
  assert.ok(resetRef, 'pool_reset is linked to its definition');
  assert.equal(resetRef.uri, editor.document.uri.toString());
  await waitFor('the call graph tab', () => webviewTabs('Call graph of pool.c').length === 1);
  await vscode.commands.executeCommand('lockflow.showCallGraph');
  await new Promise((r) => setTimeout(r, 300)); // give a wrongly created second panel the time to appear
  assert.equal(webviewTabs('Call graph of pool.c').length, 1);
});

test('Export Diagram writes the mermaid source and the drawn SVG', async () => {
  const mmd = workspaceFile('callgraph.mmd');
  const svg = workspaceFile('callgraph.svg');
  const wrote = await vscode.commands.executeCommand('lockflow.exportDiagram', 'mmd', mmd);
  assert.equal(String(wrote), String(mmd));
  const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(mmd));
  assert.match(source, /^flowchart LR\n/);
  assert.match(source, /pool_trim_locked/);
  // The SVG exists once the webview has drawn it.
  await waitFor('the SVG export', async () => await vscode.commands.executeCommand('lockflow.exportDiagram', 'svg', svg), 30_000);
  const drawn = new TextDecoder().decode(await vscode.workspace.fs.readFile(svg));
  assert.match(drawn, /^<svg[\s>]/);
  assert.match(drawn, /pool_trim_locked/);
});

test('Show Control-Flow Graph draws the function at the cursor', async () => {
  const editor = await openFixture('pool.c');
  const line = lineOf(editor.document, 'if (pool->count >= 64)');
  editor.selection = new vscode.Selection(line - 1, 0, line - 1, 0);
  const diagram = (await vscode.commands.executeCommand('lockflow.showCfg')) as Diagram;
  assert.equal(diagram.title, 'CFG of pool_add()');
  assert.match(diagram.mermaid, /mutex_lock#40;#amp;pool-#gt;lock#41;/);
  assert.match(diagram.mermaid, /return -EBUSY/);
  // Every block links back into pool_add().
  const first = lineOf(editor.document, 'int pool_add(');
  const last = lineOf(editor.document, 'int pool_reset(') - 1;
  for (const ref of Object.values(diagram.nodes)) assert.ok(ref.line >= first && ref.line <= last, `line ${ref.line} is in pool_add()`);
  await waitFor('the CFG tab', () => webviewTabs('CFG of pool_add()').length === 1);
});
