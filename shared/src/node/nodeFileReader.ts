import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { FileTooLargeError, type FileReader } from '../ports/fileReader.js';

/** Directories never listed: dependencies and VCS internals, never manifests of the user. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

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
   * Regular files below `dir`, sorted, with paths joined onto `dir`. Symlinks are followed, but a
   * directory already visited (same device and inode) is not entered again, so a link to an
   * ancestor ends instead of looping. Subdirectories that cannot be read are skipped; a `dir`
   * that cannot be read rejects.
   */
  async listFiles(dir: string): Promise<string[]> {
    const root = await stat(dir).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`cannot list ${dir}: ${describe(err)}`, { cause: err });
    });
    if (!root.isDirectory()) throw new Error(`cannot list ${dir}: not a directory`);
    const visited = new Set<string>([`${root.dev}:${root.ino}`]);
    const files: string[] = [];
    // Iterative, so a deep tree cannot overflow the stack.
    const pending: string[] = [dir];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      let entries;
      try {
        entries = await readdir(current, { withFileTypes: true });
      } catch (err) {
        if (current === dir)
          throw new Error(`cannot list ${dir}: ${describe(err as NodeJS.ErrnoException)}`, { cause: err });
        continue;
      }
      for (const entry of entries) {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        const path = join(current, entry.name);
        if (entry.isFile()) files.push(path);
        else if (entry.isDirectory() || entry.isSymbolicLink()) {
          const info = await stat(path).catch(() => undefined); // a dangling link is skipped
          if (info?.isFile()) files.push(path);
          else if (info?.isDirectory()) {
            const key = `${info.dev}:${info.ino}`;
            if (visited.has(key)) continue;
            visited.add(key);
            pending.push(path);
          }
        }
      }
    }
    return files.sort();
  }
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
    default:
      return err.message;
  }
}
