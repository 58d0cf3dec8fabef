import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  TrivyFailedError,
  TrivyNotFoundError,
  type TrivyRunner,
  type TrivyRunRequest,
  type TrivyRunResult,
  type TrivyVersion,
} from '../ports/trivyRunner.js';
import { parseTrivyVersionOutput } from '../trivy/trivyVersion.js';

/** Settings of the runner that are not per run. */
export interface ExecTrivyRunnerOptions {
  /** After SIGTERM, wait this long before SIGKILL. Trivy cancels its work on the first SIGTERM, but a stuck download may not notice. Default 5 s. */
  readonly killGraceMs?: number;
  /** Used when a request has no `timeoutMs`. Default 30 minutes (a first DB download can be slow). */
  readonly defaultTimeoutMs?: number;
  /** Used when a request has no `maxOutputBytes`. Default 512 MiB. */
  readonly defaultMaxOutputBytes?: number;
  /** Environment of the child; default the parent's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** stdout grew past the cap; the process was killed. */
export class TrivyOutputTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(
      `trivy wrote more than ${limitBytes} bytes of output and was stopped; narrow the scan or raise the limit`,
    );
    this.name = 'TrivyOutputTooLargeError';
  }
}

/** `trivy --version --format json` ran but printed nothing we could read a version from. */
export class TrivyVersionUnreadableError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`could not read the version of ${path}: ${reason}`);
    this.name = 'TrivyVersionUnreadableError';
  }
}

const STDERR_TAIL_LINES = 20;
const STDERR_TAIL_BYTES = 4096;
// Keep more stderr than the tail shows, so the tail is whole lines even after a long last line.
const STDERR_KEEP_BYTES = 64 * 1024;

/**
 * Runs the `trivy` executable with `child_process.spawn` and `shell: false`: the argv goes to the
 * process as it is, so nothing in a path or target is ever interpreted by a shell. The path is
 * read from the getter on every run, so a settings change applies to the next run.
 * The path is untrusted configuration (a workspace may set it); hosts restrict where it comes from.
 */
export class ExecTrivyRunner implements TrivyRunner {
  private readonly killGraceMs: number;
  private readonly defaultTimeoutMs: number;
  private readonly defaultMaxOutputBytes: number;

  constructor(
    private readonly trivyPath: () => string,
    private readonly options: ExecTrivyRunnerOptions = {},
  ) {
    this.killGraceMs = options.killGraceMs ?? 5000;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30 * 60_000;
    this.defaultMaxOutputBytes = options.defaultMaxOutputBytes ?? 512 * 1024 * 1024;
  }

  run(request: TrivyRunRequest): Promise<TrivyRunResult> {
    const path = this.trivyPath().trim() || 'trivy';
    const signal = request.signal;
    if (signal?.aborted)
      return Promise.reject(abortError('trivy was not started: the run was cancelled', signal.reason));
    const timeoutMs = request.timeoutMs ?? this.defaultTimeoutMs;
    const maxOutputBytes = request.maxOutputBytes ?? this.defaultMaxOutputBytes;
    const okExitCodes = new Set([0, ...(request.okExitCodes ?? [])]);

    return new Promise<TrivyRunResult>((resolve, reject) => {
      const child = spawn(path, [...request.args], {
        shell: false,
        cwd: request.cwd,
        env: this.options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const stdout: Buffer[] = [];
      let stdoutBytes = 0;
      let stderr = '';
      let stopReason: Error | undefined; // set when we kill the process ourselves
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;

      const cleanup = (): void => {
        clearTimeout(timer);
        clearTimeout(killTimer);
        signal?.removeEventListener('abort', onAbort);
      };
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        cleanup();
        outcome();
      };
      // After a stop, the pipes may be held open by a grandchild; close our ends and do not wait.
      const settleStopped = (reason: Error): void => {
        child.stdout.destroy();
        child.stderr.destroy();
        settle(() => reject(reason));
      };
      // SIGTERM first so Trivy can remove its temporary files; SIGKILL if it does not exit in time.
      // The pipes stay open and drained meanwhile: a Go program writing its shutdown log to a
      // closed pipe dies of SIGPIPE before it has cleaned up. The promise settles on 'exit', after
      // the child is reaped, so no zombie outlives the call.
      const stop = (reason: Error): void => {
        if (stopReason) return;
        stopReason = reason;
        clearTimeout(timer);
        // Exited already, but its pipes are still open (held by a grandchild): nothing to kill.
        if (child.exitCode !== null || child.signalCode !== null) return settleStopped(reason);
        child.kill('SIGTERM');
        killTimer = setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }, this.killGraceMs);
      };
      function onAbort(): void {
        stop(abortError('trivy was stopped: the run was cancelled', signal?.reason));
      }

      const timer = setTimeout(
        () => stop(abortError(`trivy was stopped after ${timeoutMs} ms`, new TimeoutDomError(timeoutMs))),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout.on('data', (chunk: Buffer) => {
        if (stopReason) return;
        stdoutBytes += chunk.length;
        if (stdoutBytes > maxOutputBytes) {
          stdout.length = 0;
          stop(new TrivyOutputTooLargeError(maxOutputBytes));
          return;
        }
        stdout.push(chunk);
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.length > 2 * STDERR_KEEP_BYTES) stderr = stderr.slice(-STDERR_KEEP_BYTES);
      });

      child.on('error', (err: NodeJS.ErrnoException) => {
        // spawn failures: the executable is missing or not executable. 'exit' may not follow.
        // A missing working directory also fails with ENOENT; say which of the two is missing.
        if (err.code === 'ENOENT' && request.cwd !== undefined && !existsSync(request.cwd))
          settle(() =>
            reject(new Error(`cannot run trivy in ${request.cwd}: no such directory`, { cause: err })),
          );
        else if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'ENOTDIR')
          settle(() => reject(new TrivyNotFoundError(path)));
        else if (child.pid === undefined) settle(() => reject(err));
        // Errors after a successful spawn (e.g. kill failed) are followed by 'exit'/'close'.
      });
      child.on('exit', (code, sig) => {
        if (stopReason) settleStopped(stopReason);
        else if (code === null || !okExitCodes.has(code)) {
          // Wait for 'close' so the stderr tail is complete; 'close' follows 'exit' once the pipes drain.
          child.once('close', () =>
            settle(() => reject(new TrivyFailedError(code, stderrTail(stderr), sig ?? undefined))),
          );
        }
      });
      child.on('close', (code) => {
        // A stop after 'exit' (the pipes were still open) settles here.
        if (stopReason) settleStopped(stopReason);
        else if (code !== null && okExitCodes.has(code)) {
          settle(() => resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr, exitCode: code }));
        }
      });
    });
  }

  async version(signal?: AbortSignal): Promise<TrivyVersion> {
    const result = await this.run({
      args: ['--version', '--format', 'json'],
      signal,
      timeoutMs: 60_000,
      maxOutputBytes: 1024 * 1024,
    });
    const parsed = parseTrivyVersionOutput(result.stdout);
    if (parsed.value === undefined) {
      const path = this.trivyPath().trim() || 'trivy';
      throw new TrivyVersionUnreadableError(
        path,
        parsed.problems.map((p) => p.message).join('; ') || 'no output',
      );
    }
    return parsed.value;
  }
}

/** The last lines of stderr for an error message: at most 20 lines and 4 KB, whole lines. */
export function stderrTail(stderr: string): string {
  const lines = stderr.replace(/\s+$/, '').split(/\r?\n/).slice(-STDERR_TAIL_LINES);
  while (lines.length > 1 && Buffer.byteLength(lines.join('\n')) > STDERR_TAIL_BYTES) lines.shift();
  const tail = lines.join('\n');
  // One line longer than the budget: keep its end, where Trivy puts the innermost error.
  return Buffer.byteLength(tail) > STDERR_TAIL_BYTES ? `…${tail.slice(-STDERR_TAIL_BYTES)}` : tail;
}

/** An error named `AbortError`, as the port promises; `cause` says why (the signal's reason or a timeout). */
function abortError(message: string, cause: unknown): Error {
  const err = new Error(message, { cause });
  err.name = 'AbortError';
  (err as NodeJS.ErrnoException).code = 'ABORT_ERR';
  return err;
}

class TimeoutDomError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}
