import { line1 } from '../model/lines.js';
import type { Problem } from '../model/problem.js';
import { StringPool } from './stringPool.js';

/** Options every reader takes. */
export interface ReadOptions {
  /** Also return passed checks (`outcome: 'pass'`); by default only failures are findings. */
  readonly includePassed?: boolean;
}

/** What {@link newReadContext} takes besides the reader options. */
export interface ReadContextOptions extends ReadOptions {
  /**
   * The pool the texts of findings are interned in. The cluster store passes its own, so texts
   * are shared across every report it keeps; without one the read gets a fresh pool of its own.
   */
  readonly strings?: StringPool;
}

/** Passed down through one read; readers push problems here instead of throwing. */
export interface ReadContext {
  /** The file (or object reference) being read, for messages and `Origin.file`. */
  readonly path: string;
  readonly includePassed: boolean;
  readonly problems: Problem[];
  /** Where readers intern the texts they put into findings (see {@link StringPool}). */
  readonly strings: StringPool;
}

export function newReadContext(path: string, options: ReadContextOptions = {}): ReadContext {
  return {
    path,
    includePassed: options.includePassed ?? false,
    problems: [],
    strings: options.strings ?? new StringPool(),
  };
}

export function addProblem(ctx: ReadContext, level: Problem['level'], message: string, line?: number): void {
  ctx.problems.push(
    line === undefined
      ? { level, message, source: ctx.path }
      : { level, message, source: ctx.path, line: line1(line) },
  );
}
