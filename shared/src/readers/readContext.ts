import { line1 } from '../model/lines.js';
import type { Problem } from '../model/problem.js';

/** Options every reader takes. */
export interface ReadOptions {
  /** Also return passed checks (`outcome: 'pass'`); by default only failures are findings. */
  readonly includePassed?: boolean;
}

/** Passed down through one read; readers push problems here instead of throwing. */
export interface ReadContext {
  /** The file (or object reference) being read, for messages and `Origin.file`. */
  readonly path: string;
  readonly includePassed: boolean;
  readonly problems: Problem[];
}

export function newReadContext(path: string, options: ReadOptions = {}): ReadContext {
  return { path, includePassed: options.includePassed ?? false, problems: [] };
}

export function addProblem(ctx: ReadContext, level: Problem['level'], message: string, line?: number): void {
  ctx.problems.push(
    line === undefined
      ? { level, message, source: ctx.path }
      : { level, message, source: ctx.path, line: line1(line) },
  );
}
