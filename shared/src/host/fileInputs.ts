import type { Disposable } from '../model/disposable.js';
import type { FileReader } from '../ports/fileReader.js';
import { readInputs, type InputsRead, type InputsRequest } from '../inputs/readInputs.js';

/**
 * The façade's multi-input read (`readInputs` over the host's {@link FileReader}): ignore entries'
 * expiry judged at the host's clock, and reads in flight stopped when the host goes away.
 */
export class FileInputs implements Disposable {
  private readonly stop = new AbortController();

  constructor(
    private readonly files: FileReader,
    private readonly clock: () => Date,
  ) {}

  /** Reads files and folders into one set of findings; see {@link readInputs}. Never rejects. */
  async read(request: Omit<InputsRequest, 'now'>): Promise<InputsRead> {
    // Not AbortSignal.any: OpenLens runs Node 16, which lacks it.
    const both = new AbortController();
    const abort = () => both.abort();
    for (const s of [request.signal, this.stop.signal]) {
      if (s?.aborted) both.abort();
      else s?.addEventListener('abort', abort, { once: true });
    }
    try {
      return await readInputs(this.files, { ...request, now: this.clock(), signal: both.signal });
    } finally {
      request.signal?.removeEventListener('abort', abort);
      this.stop.signal.removeEventListener('abort', abort);
    }
  }

  dispose(): void {
    this.stop.abort();
  }
}
