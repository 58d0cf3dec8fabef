import { line1 } from '../model/lines.js';
import type { Problem } from '../model/problem.js';
import type { OwnerReference } from '../ports/clusterSource.js';
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
  /** Workload objects met among the reports (`kubectl get deploy,rs,pods,vulns -o yaml`). */
  readonly objects: InputObject[];
}

/**
 * A workload object of the input that is not a report (a Deployment, a ReplicaSet, a Pod): kept
 * for what it says about owners, so files are tied to workloads as the live cluster is
 * (`workloads/offlineWorkloads.ts`).
 */
export interface InputObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly ownerReferences: readonly OwnerReference[];
  /** Its string-valued labels (`pod-template-hash` …), when it has any. */
  readonly labels?: Readonly<Record<string, string>>;
}

export function newReadContext(path: string, options: ReadContextOptions = {}): ReadContext {
  return {
    path,
    includePassed: options.includePassed ?? false,
    problems: [],
    strings: options.strings ?? new StringPool(),
    objects: [],
  };
}

export function addProblem(ctx: ReadContext, level: Problem['level'], message: string, line?: number): void {
  ctx.problems.push(
    line === undefined
      ? { level, message, source: ctx.path }
      : { level, message, source: ctx.path, line: line1(line) },
  );
}
