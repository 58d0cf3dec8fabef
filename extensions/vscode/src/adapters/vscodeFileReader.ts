import * as vscode from 'vscode';
import {
  DEFAULT_LIST_LIMIT,
  EXCLUDED_FOLDERS,
  FileTooLargeError,
  type FileListing,
  type FileReader,
  type ListOptions,
  type SkippedPath,
  type SkipReason,
} from '@trivy-findings/core/ports/fileReader.js';

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
    // A FIFO or a device (`FileType.Unknown` to the disk provider) would block the read or never end.
    if (!(info.type & vscode.FileType.File)) throw new Error(`cannot read ${path}: not a regular file`);
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
   * See {@link FileReader.listFiles}. Symbolic links are never followed, to files neither:
   * `workspace.fs` cannot tell where a link leads (no real path, no inode), so it cannot keep a
   * listing inside `dir`; they are skipped as `link`.
   */
  async listFiles(dir: string, options: ListOptions = {}): Promise<FileListing> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    const root = toUri(dir);
    const asPath = isUriString(dir) ? (u: vscode.Uri) => u.toString() : (u: vscode.Uri) => u.fsPath;
    const files: string[] = [];
    const skipped: SkippedPath[] = [];
    const skip = (uri: vscode.Uri | string, reason: SkipReason, message?: string) =>
      skipped.push({
        path: typeof uri === 'string' ? uri : asPath(uri),
        reason,
        ...(message === undefined ? {} : { message }),
      });
    try {
      if (!((await this.fs.stat(root)).type & vscode.FileType.Directory)) {
        skip(dir, 'unreadable', 'not a directory');
        return { files, skipped };
      }
    } catch (err) {
      skip(dir, 'unreadable', describe(err));
      return { files, skipped };
    }
    // Iterative, so a deep tree cannot overflow the stack.
    const pending: vscode.Uri[] = [root];
    walk: for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      let entries: [string, vscode.FileType][];
      try {
        entries = await this.fs.readDirectory(current);
      } catch (err) {
        skip(current === root ? dir : current, 'unreadable', describe(err));
        continue;
      }
      for (const [name, type] of entries) {
        const child = vscode.Uri.joinPath(current, name);
        if (type & vscode.FileType.SymbolicLink) skip(child, 'link');
        else if (type & vscode.FileType.Directory) {
          if (EXCLUDED_FOLDERS.has(name)) skip(child, 'excluded');
          else if (options.recursive) pending.push(child);
          else skip(child, 'subfolder');
        } else if (!(type & vscode.FileType.File)) skip(child, 'not-a-file');
        else if (files.length === limit) {
          skip(dir, 'limit', `more than ${limit} files; the rest is not listed`);
          break walk;
        } else files.push(asPath(child));
      }
    }
    return { files: files.sort(), skipped: skipped.sort((a, b) => compare(a.path, b.path)) };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
