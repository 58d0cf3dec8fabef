import { open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import { join, sep } from 'node:path';
import {
  DEFAULT_LIST_LIMIT,
  EXCLUDED_FOLDERS,
  FileTooLargeError,
  type FileListing,
  type FileReader,
  type ListOptions,
  type SkippedPath,
  type SkipReason,
} from '../ports/fileReader.js';

/** {@link FileReader} over `node:fs`. */
export class NodeFileReader implements FileReader {
  /**
   * Stats first and rejects with {@link FileTooLargeError} without reading when the file is over
   * the limit. The read itself is capped at `limitBytes` too, since a file can grow between the
   * stat and the read (logs, reports being written) or report a size of 0 (`/proc`).
   * A UTF-8 byte order mark is dropped; invalid UTF-8 becomes U+FFFD rather than an error.
   */
  async readText(path: string, limitBytes: number): Promise<string> {
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${path}: ${describe(err)}`, { cause: err });
    });
    // Opening a FIFO or a device would block or never end; only regular files are read.
    if (info.isDirectory()) throw new Error(`cannot read ${path}: it is a directory`);
    if (!info.isFile()) throw new Error(`cannot read ${path}: not a regular file`);
    if (info.size > limitBytes) throw new FileTooLargeError(path, info.size, limitBytes);

    const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${path}: ${describe(err)}`, { cause: err });
    });
    try {
      const bytes = await readAtMost(handle, limitBytes + 1);
      if (bytes.length > limitBytes) throw new FileTooLargeError(path, bytes.length, limitBytes);
      const text = bytes.toString('utf8');
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } finally {
      await handle.close();
    }
  }

  async stat(path: string): Promise<{ readonly size: number; readonly isDirectory: boolean } | undefined> {
    try {
      const info = await stat(path);
      return { size: info.size, isDirectory: info.isDirectory() };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A missing file, a missing parent, or a dangling symlink: nothing is there.
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new Error(`cannot stat ${path}: ${describe(err as NodeJS.ErrnoException)}`, { cause: err });
    }
  }

  /**
   * See {@link FileReader.listFiles}. Links are resolved with `realpath` and compared with the
   * folder's own real path, so one given through a link is listed as itself; an entry that
   * cannot be resolved (dangling, looping, forbidden) is skipped as `unreadable` with the reason.
   */
  async listFiles(dir: string, options: ListOptions = {}): Promise<FileListing> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    const files: string[] = [];
    const skipped: SkippedPath[] = [];
    const skip = (path: string, reason: SkipReason, message?: string) =>
      skipped.push({ path, reason, ...(message === undefined ? {} : { message }) });
    let root: string;
    try {
      root = await realpath(dir);
      if (!(await stat(root)).isDirectory()) {
        skip(dir, 'unreadable', 'not a directory');
        return { files, skipped };
      }
    } catch (err) {
      skip(dir, 'unreadable', describe(err as NodeJS.ErrnoException));
      return { files, skipped };
    }
    // Iterative, so a deep tree cannot overflow the stack. Only real folders are pushed: links
    // to folders are never entered, which is what keeps a listing inside `dir` and out of loops.
    const pending: string[] = [dir];
    walk: for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      let entries;
      try {
        entries = await readdir(current, { withFileTypes: true });
      } catch (err) {
        skip(current, 'unreadable', describe(err as NodeJS.ErrnoException));
        continue;
      }
      for (const entry of entries) {
        const path = join(current, entry.name);
        if (entry.isDirectory()) {
          if (EXCLUDED_FOLDERS.has(entry.name)) skip(path, 'excluded');
          else if (options.recursive) pending.push(path);
          else skip(path, 'subfolder');
          continue;
        }
        let kind: 'file' | 'other' = entry.isFile() ? 'file' : 'other';
        if (entry.isSymbolicLink()) {
          let target: string;
          try {
            target = await realpath(path);
          } catch (err) {
            skip(path, 'unreadable', describe(err as NodeJS.ErrnoException));
            continue;
          }
          if (target !== root && !target.startsWith(root + sep)) {
            skip(path, 'outside');
            continue;
          }
          const info = await stat(target).catch(() => undefined);
          if (info?.isDirectory()) {
            skip(path, 'link');
            continue;
          }
          kind = info?.isFile() ? 'file' : 'other';
        }
        if (kind === 'other') {
          skip(path, 'not-a-file');
          continue;
        }
        if (files.length === limit) {
          skip(dir, 'limit', `more than ${limit} files; the rest is not listed`);
          break walk;
        }
        files.push(path);
      }
    }
    return { files: files.sort(), skipped: skipped.sort((a, b) => compare(a.path, b.path)) };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function readAtMost(handle: FileHandle, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < max) {
    const chunk = Buffer.allocUnsafe(Math.min(max - total, 1024 * 1024));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err.message;
  }
}
