import type { Finding, SourceFormat } from '../model/finding.js';
import { mergeDuplicateFindings } from '../model/duplicateFindings.js';
import type { Problem } from '../model/problem.js';
import type { WorkloadFinding } from '../model/workloadRef.js';
import { applyTrivyIgnore } from '../ignore/trivyIgnoreMatcher.js';
import { DEFAULT_FILE_LIMIT_BYTES, type FileReader, type SkippedPath } from '../ports/fileReader.js';
import { readSourceText, type SourceRead } from '../readers/readSource.js';
import { offlineWorkloads } from '../workloads/offlineWorkloads.js';
import { DEFAULT_IGNORE_FILES, readIgnoreFile, type IgnoreFileRequest } from './ignoreFileInput.js';
import { lastSegment } from './inputPaths.js';

/** What to read: files and folders, as a person names them on a command line or in a dialog. */
export interface InputsRequest {
  readonly paths: readonly string[];
  /** Read folders' whole subtrees (default: the files directly in them). */
  readonly recursive?: boolean;
  /** The ignore file to apply: named, or Trivy's default in a folder (see {@link IgnoreFileRequest}). */
  readonly ignore?: IgnoreFileRequest;
  /** Files over this size are not read (a problem says so). Default 256 MB. */
  readonly limitBytes?: number;
  /** Keep passed checks as findings. */
  readonly includePassed?: boolean;
  /** The moment ignore entries' expiry dates are judged at. */
  readonly now?: Date;
  /** Stops reading further files; what was read is returned. */
  readonly signal?: AbortSignal;
}

/** One file read (or tried), a folder with problems, or an input that could not be read at all. */
export interface InputSource {
  readonly path: string;
  /** The input it came from, as given (a folder for the files in it). */
  readonly input: string;
  /**
   * `unknown` when nothing was read from it; `folder` for a folder's own problems (entries it
   * could not read, no files to read); `trivyignore` for the ignore file.
   */
  readonly format: SourceFormat | 'unknown' | 'folder' | 'trivyignore';
  /** Findings read from it, before duplicates across files were merged. */
  readonly findings: number;
  readonly problems: readonly Problem[];
}

/**
 * A read of many inputs, as plain data (arrays and plain objects only: a host posts it to a
 * webview, or prints it as JSON, as it is).
 */
export interface InputsRead {
  /**
   * Every finding once (copies from several files merged, `alsoSeenIn` naming the others), with
   * the ignore file applied (`suppressed`) and the workload the live cluster would give it.
   */
  readonly findings: readonly WorkloadFinding[];
  /** Per file, in the order of the inputs, a folder's files in name order; the ignore file last. */
  readonly sources: readonly InputSource[];
  /** What folders' listings left out: subfolders not entered, links out of the folder, … */
  readonly skipped: readonly SkippedPath[];
  /** Files from which something was read: 0 means nothing could be read. */
  readonly read: number;
}

/** Files a folder contributes; files named explicitly are read whatever their name. */
const FOLDER_FILES = /\.(json|ya?ml|sarif)$/i;

type Entry = InputSource | { readonly read: SourceRead; readonly input: string };

/**
 * Reads files and folders into one set of findings, with the problems of each input. Never
 * rejects: a missing input, a folder that cannot be listed, a symlink loop, a file too large or
 * unreadable, an ignore file that cannot be read — each is a problem on its input, and the other
 * inputs are still read. Then, over everything read: duplicates merged
 * (`mergeDuplicateFindings`), workloads from the owners in all the files (`offlineWorkloads`),
 * and the ignore file applied.
 */
export async function readInputs(files: FileReader, request: InputsRequest): Promise<InputsRead> {
  const limit = request.limitBytes ?? DEFAULT_FILE_LIMIT_BYTES;
  const entries: Entry[] = [];
  const skipped: SkippedPath[] = [];
  const problem = (input: string, path: string, format: InputSource['format'], problems: Problem[]) =>
    entries.push({ path, input, format, findings: 0, problems });
  const error = (input: string, path: string, message: string, format: InputSource['format'] = 'unknown') =>
    problem(input, path, format, [{ level: 'error', message, source: path }]);

  for (const input of request.paths) {
    if (request.signal?.aborted) break;
    let info;
    try {
      info = await files.stat(input);
    } catch (err) {
      error(input, input, messageOf(err)); // a symlink loop, a parent that may not be read …
      continue;
    }
    if (!info) {
      error(input, input, 'no such file or directory');
      continue;
    }
    let targets = [input];
    if (info.isDirectory) {
      const listing = await files.listFiles(input, { recursive: !!request.recursive });
      const self = listing.skipped.find((s) => s.path === input && s.reason === 'unreadable');
      if (self) {
        error(input, input, `cannot list the folder: ${self.message ?? 'unreadable'}`, 'folder');
        continue;
      }
      skipped.push(...listing.skipped);
      targets = listing.files.filter((p) => FOLDER_FILES.test(p) && !isIgnoreFile(p));
      const notes: Problem[] = [];
      if (targets.length === 0) {
        const where = request.recursive ? 'in the folder or below it' : 'directly in the folder';
        notes.push({ level: 'error', message: `no .json, .yaml or .sarif files ${where}`, source: input });
      }
      for (const s of listing.skipped) {
        if (s.reason === 'unreadable')
          notes.push({
            level: 'warning',
            message: `cannot read ${s.path}: ${s.message ?? ''}`,
            source: input,
          });
        else if (s.reason === 'limit')
          notes.push({ level: 'warning', message: s.message ?? 'too many files', source: input });
      }
      if (notes.length > 0) problem(input, input, 'folder', notes);
    }
    for (const path of targets) {
      if (request.signal?.aborted) break;
      try {
        const text = await files.readText(path, limit);
        entries.push({ read: readSourceText(text, path, { includePassed: !!request.includePassed }), input });
      } catch (err) {
        error(input, path, messageOf(err));
      }
    }
  }

  const reads = entries.flatMap((e) => ('read' in e ? [e.read] : []));
  const ignore = request.ignore ? await readIgnoreFile(files, request.ignore) : undefined;
  // A report saved twice, or a scan written as JSON and SARIF, is shown once.
  let findings: Finding[] = mergeDuplicateFindings(reads.map((r) => r.findings));
  if (ignore?.file) findings = applyTrivyIgnore(findings, ignore.file, request.now ?? new Date());
  // Tied to workloads as the cluster ties them, from the owners found in all the files.
  const workloads = offlineWorkloads(reads);
  const sources: InputSource[] = entries.map((e) =>
    'read' in e
      ? {
          path: e.read.path,
          input: e.input,
          format: e.read.format,
          findings: e.read.findings.length,
          problems: e.read.problems,
        }
      : e,
  );
  if (ignore) {
    sources.push({
      path: ignore.path,
      input: ignore.path,
      format: ignore.file ? 'trivyignore' : 'unknown',
      findings: 0,
      problems: ignore.problems,
    });
  }
  return {
    findings: findings.map((finding) => {
      const workload = workloads.workloadOf(finding);
      return workload ? { finding, workload } : { finding };
    }),
    sources,
    skipped,
    read: reads.filter((r) => r.format !== 'unknown').length,
  };
}

/** Trivy's ignore files sit beside reports; they are the ignore file, never an input. */
function isIgnoreFile(path: string): boolean {
  return (DEFAULT_IGNORE_FILES as readonly string[]).includes(lastSegment(path));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
