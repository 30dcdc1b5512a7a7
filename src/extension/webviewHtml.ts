/** The diagram panel's page: strict CSP, one nonce'd module script (its chunks from the media folder), no inline data. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DiagramKind } from '../webview/protocol';
import { preloadedChunks } from './webviewPreload';

export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'dist');
}

export function diagramHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: DiagramKind): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), name)).toString();
  const src = webview.cspSource;
  // Mermaid writes a <style> into each SVG and style attributes on its shapes, hence 'unsafe-inline' for styles only.
  const csp = [
    "default-src 'none'",
    `img-src ${src} data:`,
    `style-src ${src} 'unsafe-inline'`,
    `font-src ${src}`,
    // The page is an ES module: the chunks it imports come from the extension's media folder only.
    `script-src 'nonce-${nonce}' ${src}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('webview.css')}">
<script type="module" nonce="${nonce}" src="${asset('webview.js')}"></script>
${preloadedChunks(mediaRoot(extensionUri).fsPath, kind)
  .map((chunk) => `<link rel="modulepreload" href="${asset(chunk)}">`)
  .join('\n')}
<title>Lockflow diagram</title>
</head>
<body>
<div id="toolbar"><span id="title"></span><button id="fit" title="Reset pan and zoom">Fit</button><button id="export-svg">Export SVG</button><button id="export-mmd">Export .mmd</button></div>
<div id="cg-controls" hidden><label>Direction <select id="cg-direction"><option value="callees">callees</option><option value="callers">callers</option><option value="both">both</option></select></label><label>Depth <input id="cg-depth" type="number" min="1" max="10" step="1"></label><label><input id="cg-lock-only" type="checkbox"> lock-relevant calls only</label></div>
<div id="banner" hidden></div>
<pre id="error" hidden></pre>
<div id="extras" hidden></div>
<div id="viewport"><div id="diagram"></div></div>
</body>
</html>`;
}
