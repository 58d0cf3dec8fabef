import type { Disposable } from '../model/disposable.js';
import type { FileReader } from '../ports/fileReader.js';
import type { TrivyRunner } from '../ports/trivyRunner.js';
import { localScan, type LocalScanRequest, type LocalScanResult } from '../trivy/localScan.js';
import type { CoreLog } from './coreLog.js';

/** Why a scan did not run to its end; its `name` is `AbortError`, as the runner's own aborts. */
export class ScanCancelledError extends Error {
  constructor(
    readonly target: string,
    readonly reason: 'superseded' | 'cancelled',
  ) {
    super(
      reason === 'superseded'
        ? `the scan of ${target} was replaced by a newer one`
        : `the scan of ${target} was cancelled`,
    );
    this.name = 'AbortError';
  }
}

interface Running {
  readonly stop: AbortController;
  reason: ScanCancelledError['reason'];
}

/**
 * Local Trivy scans (`localScan` through the host's {@link TrivyRunner}), one at a time per
 * target: scanning a target again (a file saved twice) cancels the scan still running on it,
 * so an editor never waits for, nor shows, a scan of a text that is gone. Each scan can be
 * cancelled by its own signal, by {@link cancel}, and all of them by {@link dispose}.
 */
export class LocalScans implements Disposable {
  private readonly running = new Map<string, Running>();
  private disposed = false;

  constructor(
    private readonly runner: TrivyRunner | undefined,
    private readonly files: FileReader,
    private readonly log: CoreLog,
  ) {}

  /**
   * Runs one scan. Rejects like `localScan` (Trivy missing or failing, a timeout), and with an
   * `AbortError` ({@link ScanCancelledError} when this class cancelled it) when it was cancelled.
   */
  async run(request: LocalScanRequest): Promise<LocalScanResult> {
    if (!this.runner) throw new Error('this host runs no local Trivy (no TrivyRunner was given)');
    if (this.disposed) throw new ScanCancelledError(request.target, 'cancelled');
    const key = targetKey(request);
    const previous = this.running.get(key);
    if (previous) {
      previous.reason = 'superseded';
      previous.stop.abort();
    }
    const entry: Running = { stop: new AbortController(), reason: 'cancelled' };
    this.running.set(key, entry);
    const own = request.signal;
    const abort = () => entry.stop.abort();
    if (own?.aborted) entry.stop.abort();
    else own?.addEventListener('abort', abort, { once: true });
    this.log('info', `trivy ${request.scan} ${request.target}`);
    try {
      return await localScan(
        { runner: this.runner, files: this.files },
        { ...request, signal: entry.stop.signal },
      );
    } catch (err) {
      // Our cancel (a newer scan, cancel(), dispose) says so; the caller's own abort stays the runner's.
      if (entry.stop.signal.aborted && !own?.aborted) {
        this.log('info', `trivy ${request.scan} ${request.target}: ${entry.reason}`);
        throw new ScanCancelledError(request.target, entry.reason);
      }
      throw err;
    } finally {
      own?.removeEventListener('abort', abort);
      if (this.running.get(key) === entry) this.running.delete(key);
    }
  }

  /** Targets being scanned, as `scan target` (`config charts/web`). */
  targets(): string[] {
    return [...this.running.keys()];
  }

  /** Cancels the scans of one target (any scan kind), or every scan. */
  cancel(target?: string): void {
    for (const [key, entry] of this.running) {
      if (target === undefined || key.slice(key.indexOf(' ') + 1) === target) entry.stop.abort();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}

/** A target is one scan kind of one path or image: `trivy config x` and `trivy fs x` may run side by side. */
function targetKey(request: LocalScanRequest): string {
  return `${request.scan} ${request.target}`;
}
