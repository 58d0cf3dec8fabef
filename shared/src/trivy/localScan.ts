import type { Finding, SourceFormat } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import { DEFAULT_FILE_LIMIT_BYTES, type FileReader } from '../ports/fileReader.js';
import { TrivyNotFoundError, type TrivyRunner, type TrivyVersion } from '../ports/trivyRunner.js';
import { readSourceText } from '../readers/readSource.js';
import { trivyArgs, type TrivyScanOptions } from './trivyArgs.js';
import { isTrivyAtLeast, OLDEST_SUPPORTED_TRIVY } from './trivyVersion.js';

/**
 * Extra time the runner gives Trivy past its own `--timeout`, so Trivy's message ("context
 * deadline exceeded", with its hint to raise the timeout) reaches the user before we kill it.
 */
export const RUNNER_TIMEOUT_SLACK_MS = 15_000;

/** At most this many warnings are taken from Trivy's log lines on stderr. */
const MAX_LOG_PROBLEMS = 20;

/** One local scan: what to scan (see {@link TrivyScanOptions}) and how to run it. */
export interface LocalScanRequest extends TrivyScanOptions {
  readonly signal?: AbortSignal;
  readonly cwd?: string;
  /** Cap on stdout (passed to the runner). */
  readonly maxOutputBytes?: number;
  /** Return passed checks too (see `ReadOptions`). */
  readonly includePassed?: boolean;
  /** The version of the Trivy that will run, when the caller knows it; otherwise the runner is asked. */
  readonly trivyVersion?: TrivyVersion;
}

/** What a local scan found, and what went wrong short of failing. */
export interface LocalScanResult {
  /** The argv Trivy ran with (without the executable), for logs and "copy command". */
  readonly args: readonly string[];
  /** The version the argv was built for; `undefined` when it could not be learnt. */
  readonly trivyVersion?: TrivyVersion;
  readonly format: SourceFormat | 'unknown';
  readonly findings: Finding[];
  readonly problems: Problem[];
  /** Trivy's stderr, for a log channel. */
  readonly stderr: string;
}

/** The ports a local scan uses; `files` only when the request names an `output` file. */
export interface LocalScanPorts {
  readonly runner: TrivyRunner;
  readonly files?: FileReader;
}

/**
 * Runs one Trivy scan and reads its report: learn the version (unless given), build the argv for
 * it with {@link trivyArgs}, run it through the {@link TrivyRunner}, and read stdout (or the
 * `output` file) with `readSourceText`, which detects the format by content.
 *
 * Rejects when Trivy cannot run or fails (`TrivyNotFoundError`, `TrivyFailedError`, an
 * `AbortError` on cancel or timeout, the runner's output cap) and with `TrivyArgsError` for unsafe
 * options: then there is no report to show. Everything short of that — an unreadable report, an
 * unknown or too old version, Trivy's own warnings — comes back as `problems`.
 */
export async function localScan(ports: LocalScanPorts, request: LocalScanRequest): Promise<LocalScanResult> {
  const source = `trivy ${request.scan} ${request.target}`;
  const problems: Problem[] = [];
  if (request.output !== undefined && !ports.files)
    throw new TypeError('localScan: an output file needs a FileReader');

  const version = request.trivyVersion ?? (await askVersion(ports.runner, request.signal, source, problems));
  if (version && !isTrivyAtLeast(version, OLDEST_SUPPORTED_TRIVY)) {
    problems.push({
      level: 'warning',
      message: `Trivy ${version.version} is older than ${OLDEST_SUPPORTED_TRIVY}, the oldest whose command line is known here; flags may be rejected`,
      source,
    });
  }

  const args = trivyArgs(request, version);
  const result = await ports.runner.run({
    args,
    cwd: request.cwd,
    signal: request.signal,
    timeoutMs: request.timeoutMs === undefined ? undefined : request.timeoutMs + RUNNER_TIMEOUT_SLACK_MS,
    maxOutputBytes: request.maxOutputBytes,
  });
  problems.push(...logProblems(result.stderr, source));

  let text: string;
  let path = source;
  if (request.output !== undefined && ports.files) {
    path = request.output;
    try {
      text = await ports.files.readText(request.output, DEFAULT_FILE_LIMIT_BYTES);
    } catch (err) {
      problems.push({
        level: 'error',
        message: `cannot read Trivy's report: ${(err as Error).message}`,
        source: path,
      });
      return {
        args,
        trivyVersion: version,
        format: 'unknown',
        findings: [],
        problems,
        stderr: result.stderr,
      };
    }
  } else {
    text = result.stdout;
  }
  const read = readSourceText(text, path, { includePassed: request.includePassed });
  return {
    args,
    trivyVersion: version,
    format: read.format,
    findings: read.findings,
    problems: [...problems, ...read.problems],
    stderr: result.stderr,
  };
}

/**
 * Asks the runner for the version. A missing executable or a cancel ends the scan; any other
 * failure only costs the version gates (the newest command line is assumed) and says so.
 */
async function askVersion(
  runner: TrivyRunner,
  signal: AbortSignal | undefined,
  source: string,
  problems: Problem[],
): Promise<TrivyVersion | undefined> {
  try {
    return await runner.version(signal);
  } catch (err) {
    if (err instanceof TrivyNotFoundError || (err as Error).name === 'AbortError') throw err;
    problems.push({
      level: 'warning',
      message: `could not learn the Trivy version, assuming the newest: ${(err as Error).message}`,
      source,
    });
    return undefined;
  }
}

// Trivy's log lines: "2024-05-02T12:16:17+06:00\tWARN\t[prefix] message\tkey=value" (pkg/log/handler.go);
// colour codes appear when stderr is a terminal, which it is not here, but are stripped anyway.
const LOG_LINE = /^\S+\t(WARN|ERROR)\t(.+)$/;
// eslint-disable-next-line no-control-regex -- matching ANSI colour escapes is the point
const ANSI = /\x1b\[[0-9;]*m/g;

/** Trivy's warnings and errors on stderr (e.g. a deprecated flag), as warnings of the scan. */
function logProblems(stderr: string, source: string): Problem[] {
  const problems: Problem[] = [];
  for (const line of stderr.replace(ANSI, '').split(/\r?\n/)) {
    const m = LOG_LINE.exec(line);
    if (!m) continue;
    if (problems.length === MAX_LOG_PROBLEMS) {
      problems.push({
        level: 'warning',
        message: 'more warnings from Trivy were left out; see its log',
        source,
      });
      break;
    }
    problems.push({ level: 'warning', message: `trivy: ${m[2]!.replace(/\t/g, ' ')}`, source });
  }
  return problems;
}
