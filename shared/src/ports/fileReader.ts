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
  /**
   * The regular files directly in `dir`, or (`recursive`) in its whole subtree, sorted, as paths
   * of the same kind as `dir` (joined onto it). Never rejects: what is not listed is in
   * `skipped`, with why — subfolders when not recursive, `node_modules` and `.git`, symbolic links
   * that lead out of `dir` (never followed), entries that cannot be read, and `dir` itself when it
   * cannot be listed. A link to a file inside `dir` is listed; a link to a folder inside it is
   * not entered (its files are listed through their own path), so a link cannot loop.
   */
  listFiles(dir: string, options?: ListOptions): Promise<FileListing>;
}

export interface ListOptions {
  /** The whole subtree (default: the files directly in the folder). */
  readonly recursive?: boolean;
  /** Stop after this many files, with a `limit` entry in `skipped` (default {@link DEFAULT_LIST_LIMIT}). */
  readonly limit?: number;
}

/** What {@link FileReader.listFiles} found: plain data, as a host may pass it on. */
export interface FileListing {
  readonly files: readonly string[];
  readonly skipped: readonly SkippedPath[];
}

/** A path a listing did not enter or list, and why. */
export interface SkippedPath {
  readonly path: string;
  readonly reason: SkipReason;
  /** What the file system said, for `unreadable`. */
  readonly message?: string;
}

/**
 * - `subfolder`: a folder not entered, as the listing was not recursive;
 * - `excluded`: `node_modules` or `.git`, never anyone's reports or manifests;
 * - `outside`: a symbolic link that leads out of the listed folder;
 * - `link`: a symbolic link to a folder inside it, or one the adapter cannot resolve;
 * - `not-a-file`: a FIFO, socket or device;
 * - `unreadable`: could not be read (permission, a dangling or looping link …; see `message`);
 * - `limit`: the listing stopped at its limit of files.
 */
export type SkipReason =
  'subfolder' | 'excluded' | 'outside' | 'link' | 'not-a-file' | 'unreadable' | 'limit';

/** Folders a listing never enters: dependencies and VCS internals, never manifests of the user. */
export const EXCLUDED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** Default most files one listing returns. */
export const DEFAULT_LIST_LIMIT = 100_000;

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
