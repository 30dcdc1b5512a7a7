/** What the extension-host suites do in the editor: open a fixture, find a line, read hovers and lenses. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

export async function openFixture(name: string, line = 1): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const pos = new vscode.Position(line - 1, 0);
  editor.selection = new vscode.Selection(pos, pos);
  return editor;
}

export function lineOf(doc: vscode.TextDocument, text: string): number {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `fixture has ${text}`);
  return doc.positionAt(i).line + 1;
}

/** The text of the hovers at a 1-based line. */
export async function hoverText(doc: vscode.TextDocument, line: number): Promise<string> {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line - 1, 2))) as vscode.Hover[];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

/** The title of the CodeLens on the line holding `text`. */
export async function lensAt(doc: vscode.TextDocument, text: string): Promise<string | undefined> {
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri)) as vscode.CodeLens[];
  return lenses.find((l) => l.range.start.line + 1 === lineOf(doc, text))?.command?.title;
}

/** The setting the untrusted workspace's .vscode/settings.json sets (the runner copies this file there). */
export function hostileLockFunctions(): unknown[] {
  const file = join(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures', 'untrusted-settings.json');
  return JSON.parse(readFileSync(file, 'utf8'))['lockflow.lockFunctions'];
}
