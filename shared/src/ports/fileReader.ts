/**
 * Reads files for the readers and the manifest index. Implemented over `node:fs`
 * (`shared/src/node/nodeFileReader.ts`) and, in VS Code, over `workspace.fs` so remote and
 * virtual workspaces work.
 */
export interface FileReader {
  /**
   * The whole file as UTF-8. Must check the size before reading and reject with
   * {@link FileTooLargeError} when it exceeds `limitBytes`, so a huge file is never loaded.
   * Rejects with an error naming the path when the file cannot be read.
   */
  readText(path: string, limitBytes: number): Promise<string>;
  /** Size and type, or `undefined` when nothing is at `path`. Never rejects for a missing file. */
  stat(path: string): Promise<{ readonly size: number; readonly isDirectory: boolean } | undefined>;
  /** Paths of the regular files below `dir`, recursively, skipping `node_modules` and `.git`. */
  listFiles(dir: string): Promise<string[]>;
}

/** Default size limit for one input file. */
export const DEFAULT_FILE_LIMIT_BYTES = 256 * 1024 * 1024;

export class FileTooLargeError extends Error {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly limitBytes: number,
  ) {
    super(`${path} is ${formatBytes(size)}, over the ${formatBytes(limitBytes)} limit; not read`);
    this.name = 'FileTooLargeError';
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${n} bytes`;
}
