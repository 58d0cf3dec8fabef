/**
 * Runs the local `trivy` executable. Implemented by `shared/src/node/execTrivyRunner.ts`
 * (spawn without a shell); tests run that same class against `test/doubles/fakeTrivy`.
 * The argv comes from the pure builder in `shared/src/trivy/trivyArgs.ts`.
 */
export interface TrivyRunner {
  /**
   * Runs trivy with `args` (never through a shell). Resolves with stdout when the exit code is 0,
   * or non-zero with `--exit-code` semantics allowed by `okExitCodes`. Rejects with
   * {@link TrivyNotFoundError} when the executable is missing, {@link TrivyFailedError} on any
   * other exit code (carrying the tail of stderr), and an `AbortError` when `signal` aborts or the
   * timeout passes — in both cases the process is killed first.
   */
  run(request: TrivyRunRequest): Promise<TrivyRunResult>;
  /** `trivy --version --format json`, parsed. Rejects like {@link run}. */
  version(signal?: AbortSignal): Promise<TrivyVersion>;
}

export interface TrivyRunRequest {
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  /** Kill the process after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Stop reading and kill the process when stdout grows past this. */
  readonly maxOutputBytes?: number;
  /** Exit codes besides 0 that still mean "scan done" (e.g. the value of `--exit-code`). */
  readonly okExitCodes?: readonly number[];
}

export interface TrivyRunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface TrivyVersion {
  /** `0.58.1`, or `dev` for a source build. */
  readonly version: string;
  readonly vulnerabilityDb?: { readonly version?: number; readonly updatedAt?: string };
  readonly checkBundle?: { readonly digest?: string; readonly downloadedAt?: string };
}

export class TrivyNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`trivy not found at ${path}: install Trivy or set its path in the settings`);
    this.name = 'TrivyNotFoundError';
  }
}

export class TrivyFailedError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly stderrTail: string,
    readonly signal?: string,
  ) {
    super(
      `trivy ${exitCode === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${exitCode}`}` +
        (stderrTail ? `: ${stderrTail}` : ''),
    );
    this.name = 'TrivyFailedError';
  }
}
