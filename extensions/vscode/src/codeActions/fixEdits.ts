import * as vscode from 'vscode';
import type { FileEdit } from '@trivy-findings/core/fixes/fix.js';

/**
 * The core's edits as one `WorkspaceEdit` (so one undo takes a fix back). `uris` maps the paths
 * the edits name to files. Edits with placeholders (default values for the user to change) on
 * `snippetsIn`, the document being edited, become snippets whose fields select those values;
 * elsewhere they are plain text, which is valid as it is.
 */
export function workspaceEditOf(
  edits: readonly FileEdit[],
  uris: ReadonlyMap<string, vscode.Uri>,
  snippetsIn?: vscode.Uri,
): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  const byUri = new Map<string, { uri: vscode.Uri; edits: (vscode.TextEdit | vscode.SnippetTextEdit)[] }>();
  for (const e of edits) {
    const uri = uris.get(e.path);
    if (!uri) return undefined;
    const range = new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character);
    const entry = byUri.get(uri.toString()) ?? { uri, edits: [] };
    byUri.set(uri.toString(), entry);
    if (e.placeholders.length > 0 && snippetsIn?.toString() === uri.toString()) {
      const snippet = new vscode.SnippetTextEdit(range, snippetOf(e));
      // The text is already indented for its place; the editor must not indent it again.
      snippet.keepWhitespace = true;
      entry.edits.push(snippet);
    } else entry.edits.push(new vscode.TextEdit(range, e.newText));
  }
  for (const { uri, edits: list } of byUri.values()) edit.set(uri, list);
  return edit;
}

/** The new text with a tab stop on each placeholder, its default selected. */
function snippetOf(e: FileEdit): vscode.SnippetString {
  const snippet = new vscode.SnippetString();
  let at = 0;
  [...e.placeholders]
    .sort((a, b) => a.offset - b.offset)
    .forEach((p, i) => {
      snippet.appendText(e.newText.slice(at, p.offset));
      snippet.appendPlaceholder(e.newText.slice(p.offset, p.offset + p.length), i + 1);
      at = p.offset + p.length;
    });
  snippet.appendText(e.newText.slice(at));
  return snippet;
}
