import type { Line1 } from './lines.js';

/**
 * Something a reader could not read, or read only in part. Readers never throw: they return
 * what they could read together with these, and the hosts show them to the user.
 */
export interface Problem {
  /** `error`: a document or the file was skipped; `warning`: read, but something was off. */
  readonly level: 'error' | 'warning';
  readonly message: string;
  /** The file, URL or report object (`kind/namespace/name`) the problem is in. */
  readonly source: string;
  /** 1-based line in `source`, when known. */
  readonly line?: Line1;
}

/** What every reader returns. */
export interface Parsed<T> {
  readonly value: T;
  readonly problems: readonly Problem[];
}
