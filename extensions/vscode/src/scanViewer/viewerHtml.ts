import * as vscode from 'vscode';

/** The folder of the page's script and style sheet: the only folder the webview may load from. */
export function viewerResourceRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** The options of every viewer webview: scripts, no command links, resources from one folder. */
export function viewerWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [viewerResourceRoot(extensionUri)],
  };
}

/**
 * The page of the viewer: one element for React, the bundle and its style sheet, under a CSP that
 * allows nothing else — scripts only with this load's nonce (no inline handlers, no eval), styles
 * only from the extension's folder, no frames, no connections, no form targets. Nothing of the
 * scan is in the HTML: the page receives it by message and renders it as text.
 */
export function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const root = viewerResourceRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'scanViewer.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'scanViewer.css'));
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Trivy Findings</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** A fresh nonce per page load: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
