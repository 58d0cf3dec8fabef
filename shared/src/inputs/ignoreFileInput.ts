import type { Problem } from '../model/problem.js';
import type { FileReader } from '../ports/fileReader.js';
import { readTrivyIgnore, type TrivyIgnoreFile } from '../ignore/trivyIgnore.js';
import { childPath } from './inputPaths.js';

/** The names Trivy looks for when no ignore file is given, in the order it prefers them. */
export const DEFAULT_IGNORE_FILES = ['.trivyignore', '.trivyignore.yaml'] as const;

/**
 * The names the editor looks for at a workspace folder's root, for its local scans'
 * `--ignorefile` and for the cluster's findings: `.trivyignore.yaml` first, the file "Suppress in
 * .trivyignore.yaml" writes, so what a person suppresses there is what is in force.
 */
export const WORKSPACE_IGNORE_FILES = ['.trivyignore.yaml', '.trivyignore'] as const;

/**
 * Ignore files larger than this are not read, in every host: Trivy's own are a few lines, and an
 * editor reads one at each workspace folder's root inside its extension host.
 */
export const IGNORE_FILE_LIMIT_BYTES = 1024 * 1024;

/** Where the ignore file of a read comes from. */
export interface IgnoreFileRequest {
  /** A file named by the user: an error problem when it cannot be read. */
  readonly path?: string;
  /** Else the first of {@link DEFAULT_IGNORE_FILES} present in this folder, as `trivy` looks in its working directory. */
  readonly defaultsIn?: string;
  /**
   * The names tried in `defaultsIn`, in order; default {@link DEFAULT_IGNORE_FILES} (`trivy`'s
   * own order). An editor passes {@link WORKSPACE_IGNORE_FILES}.
   */
  readonly names?: readonly string[];
}

/** An ignore file as read: `file` is absent when it could not be read (see `problems`). */
export interface IgnoreFileRead {
  readonly path: string;
  readonly file?: TrivyIgnoreFile;
  readonly problems: readonly Problem[];
}

/**
 * Reads the ignore file a request names, or finds Trivy's default one; `undefined` when there is
 * none to read. Never rejects: a file-system error is a problem on the ignore file.
 */
export async function readIgnoreFile(
  files: FileReader,
  request: IgnoreFileRequest,
): Promise<IgnoreFileRead | undefined> {
  let path = request.path;
  if (path === undefined && request.defaultsIn !== undefined) {
    for (const name of request.names ?? DEFAULT_IGNORE_FILES) {
      const candidate = childPath(request.defaultsIn, name);
      const info = await files.stat(candidate).catch(() => undefined);
      if (info && !info.isDirectory) {
        path = candidate;
        break;
      }
    }
  }
  if (path === undefined) return undefined;
  try {
    const read = readTrivyIgnore(await files.readText(path, IGNORE_FILE_LIMIT_BYTES), path);
    return { path, file: read.value, problems: read.problems };
  } catch (err) {
    return {
      path,
      problems: [
        { level: 'error', message: `cannot read the ignore file: ${(err as Error).message}`, source: path },
      ],
    };
  }
}
