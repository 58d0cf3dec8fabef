import * as vscode from 'vscode';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';

/**
 * The workspace file a finding's `location.path` names, or `undefined` when it names none.
 *
 * Trivy writes paths relative to the artifact it scanned, which is usually the folder it ran in,
 * so a relative path is tried against the workspace folder holding the scan file first, then
 * against the other folders. The path comes from a report and is untrusted: one that climbs
 * (`..`) or an absolute one outside every workspace folder is refused rather than opened.
 */
export async function resolveInWorkspace(
  path: string,
  scan: vscode.Uri,
  files: FileReader,
): Promise<vscode.Uri | undefined> {
  const slashed = path.replace(/\\/g, '/');
  if (isAbsolute(slashed)) {
    const uri = vscode.Uri.file(path);
    return vscode.workspace.getWorkspaceFolder(uri) && (await isFile(uri, files)) ? uri : undefined;
  }
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  for (const folder of foldersFor(scan)) {
    const uri = vscode.Uri.joinPath(folder.uri, ...segments);
    if (await isFile(uri, files)) return uri;
  }
  return undefined;
}

/** The folder holding `scan` first, then the others in workspace order. */
function foldersFor(scan: vscode.Uri): vscode.WorkspaceFolder[] {
  const own = vscode.workspace.getWorkspaceFolder(scan);
  const all = vscode.workspace.workspaceFolders ?? [];
  return own ? [own, ...all.filter((f) => f.index !== own.index)] : [...all];
}

async function isFile(uri: vscode.Uri, files: FileReader): Promise<boolean> {
  const info = await files.stat(uri.toString()).catch(() => undefined);
  return info !== undefined && !info.isDirectory;
}

function isAbsolute(slashed: string): boolean {
  return slashed.startsWith('/') || /^[a-z]:\//i.test(slashed);
}
