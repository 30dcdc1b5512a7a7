/** Moves the editor to a source line, reusing the editor that already shows the document. */
import * as vscode from 'vscode';

export async function revealLine(uri: vscode.Uri, line: number): Promise<vscode.TextEditor> {
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const doc = shown?.document ?? (await vscode.workspace.openTextDocument(uri));
  const pos = new vscode.Position(Math.max(0, Math.min(line - 1, doc.lineCount - 1)), 0);
  const start = doc.lineAt(pos.line).firstNonWhitespaceCharacterIndex;
  const at = new vscode.Position(pos.line, start);
  return vscode.window.showTextDocument(doc, {
    viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One,
    selection: new vscode.Range(at, at),
    preserveFocus: false,
  });
}
