import type { Finding } from '../model/finding.js';
import { expiryTime, type IgnoreEntry, type TrivyIgnoreFile } from './trivyIgnore.js';
import { createIgnoreMatcher, type IgnoreMatcher } from './trivyIgnoreMatcher.js';

/** One of several ignore files that judge the same findings, as a host read it. */
export interface SourcedIgnoreFile {
  /**
   * How the file is named to a person (a workspace-relative path, so two folders' files are told
   * apart): the `suppression.source` of the findings it marks.
   */
  readonly source: string;
  readonly file: TrivyIgnoreFile;
  /**
   * The scope whose own findings this file judges (a host's key, e.g. a workspace folder's URI):
   * a finding that {@link IgnoreFilesOptions.scopeOf} places in a scope is judged by that scope's
   * files only. Absent: the file judges only the findings of no scope.
   */
  readonly scope?: string;
}

export interface IgnoreFilesOptions {
  /**
   * The scope a finding belongs to (a local scan's finding: its folder), or `undefined` for a
   * finding of none (a live cluster's, which every file judges). Default: none for every finding.
   */
  readonly scopeOf?: (finding: Finding) => string | undefined;
}

/**
 * Compiles several ignore files into one judgement at `now`, for a host whose findings several
 * files speak about (a multi-root workspace, one ignore file at each folder's root):
 *  - a finding of no scope (the cluster's: the cluster is one, whichever folder it is looked at
 *    from) is suppressed when an entry in force in ANY of the files matches it;
 *  - a finding of a scope (a local scan's, which `trivy --ignorefile` judged with its own
 *    folder's file) is judged by the files of that scope only, so another folder's entries never
 *    hide it;
 *  - among several matching entries the first file in the given order wins, then file order
 *    within it (as in Trivy); the mark names that entry and its file (`suppression.source`).
 * Each file is matched as {@link createIgnoreMatcher} matches one (expired entries dropped). Files
 * without entries cost nothing. Returns `undefined` when no file has an entry in force.
 */
export function createIgnoreFilesMatcher(
  files: readonly SourcedIgnoreFile[],
  now: Date,
  options: IgnoreFilesOptions = {},
): IgnoreMatcher | undefined {
  const at = now.getTime();
  const compiled = files
    .filter((f) => f.file.entries.some((e) => inForce(e, at)))
    .map((f) => ({ scope: f.scope, matcher: createIgnoreMatcher(f.file, now, f.source) }));
  if (compiled.length === 0) return undefined;
  const scopeOf = options.scopeOf;
  // The matchers that judge a finding of each scope (the key `undefined`: of none), in file order.
  const byScope = new Map<string | undefined, IgnoreMatcher[]>();
  const judges = (scope: string | undefined): readonly IgnoreMatcher[] => {
    let list = byScope.get(scope);
    if (!list)
      byScope.set(
        scope,
        (list = compiled.filter((c) => scope === undefined || c.scope === scope).map((c) => c.matcher)),
      );
    return list;
  };
  const everyFile = judges(undefined);
  const judgesOf = (f: Finding): readonly IgnoreMatcher[] => (scopeOf ? judges(scopeOf(f)) : everyFile);

  const match = (f: Finding): IgnoreEntry | undefined => {
    for (const m of judgesOf(f)) {
      const entry = m.match(f);
      if (entry) return entry;
    }
    return undefined;
  };
  const mark = (f: Finding): Finding => {
    if (f.suppressed) return f;
    for (const m of judgesOf(f)) {
      const marked = m.mark(f);
      if (marked !== f) return marked;
    }
    return f;
  };
  return { match, mark, apply: (findings) => findings.map(mark) };
}

/**
 * The next moment after `now` at which an entry of any of the files stops applying (ms since the
 * epoch), or `undefined` when none will: what a host waits for to judge its findings again.
 */
export function nextIgnoreExpiry(files: readonly TrivyIgnoreFile[], now: Date): number | undefined {
  const at = now.getTime();
  let next: number | undefined;
  for (const file of files)
    for (const entry of file.entries) {
      const t = expiryTime(entry.expiresAt);
      if (t !== undefined && t > at && (next === undefined || t < next)) next = t;
    }
  return next;
}

function inForce(entry: IgnoreEntry, at: number): boolean {
  const t = expiryTime(entry.expiresAt);
  return t === undefined || t >= at;
}
