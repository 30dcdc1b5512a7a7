/** Export Diagram: the drawn SVG or the mermaid source, to a file the user picks. */
import * as vscode from 'vscode';
import type { ExportFormat } from '../webview/protocol';
import type { DiagramPanel } from './diagramPanel';

export async function exportDiagram(panel: DiagramPanel | undefined, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (!panel?.diagram) {
    void vscode.window.showInformationMessage('Lockflow: open a diagram first (Show Call Graph, Show Lock Flow, ...).');
    return undefined;
  }
  const fmt = format ?? (await pickFormat());
  if (!fmt) return undefined;
  const content = fmt === 'mmd' ? panel.diagram.mermaid : await panel.svg();
  if (!content) {
    void vscode.window.showWarningMessage('Lockflow: the diagram has not been drawn yet.');
    return undefined;
  }
  const base = panel.diagram.title.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'diagram';
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `${base}.${fmt}`) : undefined,
      filters: fmt === 'svg' ? { SVG: ['svg'] } : { Mermaid: ['mmd'] },
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  void confirmExport(uri);
  return uri;
}

/** Says where the file went, with the two things one does next. */
async function confirmExport(uri: vscode.Uri): Promise<void> {
  const choice = await vscode.window.showInformationMessage(`Lockflow: diagram exported to ${vscode.workspace.asRelativePath(uri)}.`, 'Open', 'Reveal in File Explorer');
  if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', uri);
  else if (choice === 'Reveal in File Explorer') await vscode.commands.executeCommand('revealFileInOS', uri);
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'SVG', description: 'the diagram as drawn', format: 'svg' as const },
      { label: 'Mermaid (.mmd)', description: 'the diagram source', format: 'mmd' as const },
    ],
    { title: 'Export Diagram' },
  );
  return pick?.format;
}
