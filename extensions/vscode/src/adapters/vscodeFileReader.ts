import * as vscode from 'vscode';
import { FileTooLargeError, type FileReader } from '@trivy-findings/core/ports/fileReader.js';

/** Directories never listed: dependencies and VCS internals, never manifests of the user. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * {@link FileReader} over `vscode.workspace.fs`, so remote (SSH, WSL, containers) and virtual
 * workspaces work. Paths are URI strings (`vscode-remote://…`, `file:///…`) or absolute file paths.
 */
export class VscodeFileReader implements FileReader {
  constructor(private readonly fs: vscode.FileSystem) {}

  /**
   * Stats first and rejects with {@link FileTooLargeError} without reading when the file is over
   * the limit. `workspace.fs` reads whole files only, so a file that grew past the limit between
   * the stat and the read is refused after reading, before it is decoded.
   * Invalid UTF-8 becomes U+FFFD; a byte order mark is dropped by the decoder.
   */
  async readText(path: string, limitBytes: number): Promise<string> {
    const uri = toUri(path);
    const info = await this.fs.stat(uri).then(undefined, (err: unknown) => {
      throw new Error(`cannot read ${path}: ${describe(err)}`, { cause: err });
    });
    if (info.type & vscode.FileType.Directory) throw new Error(`cannot read ${path}: it is a directory`);
    if (info.size > limitBytes) throw new FileTooLargeError(path, info.size, limitBytes);
    const bytes = await this.fs.readFile(uri).then(undefined, (err: unknown) => {
      throw new Error(`cannot read ${path}: ${describe(err)}`, { cause: err });
    });
    if (bytes.byteLength > limitBytes) throw new FileTooLargeError(path, bytes.byteLength, limitBytes);
    return new TextDecoder('utf-8').decode(bytes);
  }

  async stat(path: string): Promise<{ readonly size: number; readonly isDirectory: boolean } | undefined> {
    try {
      const info = await this.fs.stat(toUri(path));
      return { size: info.size, isDirectory: (info.type & vscode.FileType.Directory) !== 0 };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw new Error(`cannot stat ${path}: ${describe(err)}`, { cause: err });
    }
  }

  /**
   * Regular files below `dir`, sorted, as strings of the same kind as `dir`. Symbolic links to
   * directories are not entered: `workspace.fs` has no inode to tell a link to an ancestor, which
   * would loop. Subdirectories that cannot be read are skipped; a `dir` that cannot be read rejects.
   */
  async listFiles(dir: string): Promise<string[]> {
    const root = toUri(dir);
    const asPath = isUriString(dir) ? (u: vscode.Uri) => u.toString() : (u: vscode.Uri) => u.fsPath;
    const files: string[] = [];
    // Iterative, so a deep tree cannot overflow the stack.
    const pending: vscode.Uri[] = [root];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      let entries: [string, vscode.FileType][];
      try {
        entries = await this.fs.readDirectory(current);
      } catch (err) {
        if (current === root) throw new Error(`cannot list ${dir}: ${describe(err)}`, { cause: err });
        continue;
      }
      for (const [name, type] of entries) {
        if (SKIPPED_DIRS.has(name)) continue;
        const child = vscode.Uri.joinPath(current, name);
        if (type & vscode.FileType.File) files.push(asPath(child));
        else if (type === vscode.FileType.Directory) pending.push(child);
      }
    }
    return files.sort();
  }
}

/** True for `scheme://…` strings; anything else is taken as a file path. */
function isUriString(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

/** The URI a path string names (see {@link VscodeFileReader}). */
export function toUri(path: string): vscode.Uri {
  return isUriString(path) ? vscode.Uri.parse(path, true) : vscode.Uri.file(path);
}

function describe(err: unknown): string {
  if (err instanceof vscode.FileSystemError) {
    switch (err.code) {
      case 'FileNotFound':
        return 'no such file or directory';
      case 'NoPermissions':
        return 'permission denied';
      case 'FileNotADirectory':
        return 'a parent is not a directory';
    }
  }
  return err instanceof Error ? err.message : String(err);
}
