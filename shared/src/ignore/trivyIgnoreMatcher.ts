import { checkJoinKey } from '../model/checkIds.js';
import type { Finding, Suppression } from '../model/finding.js';
import { compileGlob } from './glob.js';
import { parsePurl, purlMatches, type Purl } from './purl.js';
import {
  expiryTime,
  ignoreSectionFor,
  type IgnoreEntry,
  type IgnoreSection,
  type TrivyIgnoreFile,
} from './trivyIgnore.js';

/** Decides which findings an ignore file suppresses, at one moment. */
export interface IgnoreMatcher {
  /** The entry that suppresses `finding`, or `undefined`. */
  match(finding: Finding): IgnoreEntry | undefined;
  /**
   * `finding` as {@link apply} gives it: a copy marked suppressed with its entry when an entry
   * matches it, else the same object.
   */
  mark(finding: Finding): Finding;
  /**
   * The findings with the suppressed ones replaced by copies marked `suppressed: true` with the
   * entry that suppresses them (`suppression`: its statement and expiry, for a hover); the others
   * are the same objects. A new array; the input is not changed.
   */
  apply(findings: readonly Finding[]): Finding[];
}

interface Compiled {
  readonly entry: IgnoreEntry;
  readonly globs: readonly RegExp[];
  readonly purls: readonly Purl[];
}

/**
 * Compiles `file` for matching at `now` (entries expired at `now` are dropped, as Trivy prunes
 * them). Matching follows Trivy's `IgnoreFindings.Match` (`pkg/result/ignore.go`), with these
 * choices of ours:
 *  - an entry applies to any finding it matches, whatever its origin: a local scan, a saved
 *    report object, a PolicyReport an adapter converted, a live cluster's store. The person who
 *    accepted a CVE accepted it wherever it is shown;
 *  - ids compare through `checkJoinKey` against the finding's id and aliases, so `KSV-0001`,
 *    `AVD-KSV-0001` and `KSV001` ignore the same check across Trivy versions, and `cve-…` the CVE;
 *  - `paths` globs are tried against the finding's target (Trivy's file path; a report's image),
 *    location path and package path (Trivy's `PkgPath`);
 *  - a `purls` constraint on a finding without a purl passes (Trivy's rule; report objects carry
 *    none) unless the entry has no id, so an id-less package entry cannot ignore unrelated findings;
 *  - license expressions are matched as whole strings (Trivy also splits `A AND B`).
 */
export function createIgnoreMatcher(file: TrivyIgnoreFile, now: Date, source?: string): IgnoreMatcher {
  const at = now.getTime();
  const byId = new Map<string, Map<string, Compiled[]>>();
  const idless = new Map<IgnoreSection, Compiled[]>();
  for (const entry of file.entries) {
    const expires = expiryTime(entry.expiresAt);
    if (expires !== undefined && expires < at) continue;
    const compiled: Compiled = {
      entry,
      globs: entry.paths.map(compileGlob).filter((g): g is RegExp => g !== undefined),
      purls: entry.purls.map(parsePurl).filter((p): p is Purl => p !== undefined),
    };
    for (const section of entry.sections) {
      if (entry.id === undefined) {
        push(idless, section, compiled);
        continue;
      }
      let ids = byId.get(section);
      if (!ids) byId.set(section, (ids = new Map()));
      push(ids, checkJoinKey(entry.id), compiled);
    }
  }

  const match = (finding: Finding): IgnoreEntry | undefined => {
    const section = ignoreSectionFor(finding.type);
    if (!section) return undefined;
    const ids = byId.get(section);
    const candidates: Compiled[] = [];
    if (ids) {
      const keys = new Set([finding.id, ...finding.aliases].map(checkJoinKey));
      for (const k of keys) candidates.push(...(ids.get(k) ?? []));
    }
    candidates.push(...(idless.get(section) ?? []));
    if (candidates.length === 0) return undefined;
    const paths = [finding.target, finding.location?.path, finding.package?.path].filter(
      (p): p is string => !!p,
    );
    const purlText = finding.package?.purl;
    const purl = purlText ? parsePurl(purlText) : undefined;
    // File order decides among several matching entries, as in Trivy.
    candidates.sort((a, b) => a.entry.line - b.entry.line);
    return candidates.find((c) => pathsMatch(c, paths) && purlsMatch(c, purl))?.entry;
  };

  const suppressions = new Map<IgnoreEntry, Suppression>();
  const suppressionOf = (entry: IgnoreEntry): Suppression => {
    let s = suppressions.get(entry);
    if (!s)
      suppressions.set(
        entry,
        (s = {
          ...(source !== undefined ? { source } : {}),
          line: entry.line,
          ...(entry.statement !== undefined ? { statement: entry.statement } : {}),
          ...(entry.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
        }),
      );
    return s;
  };
  const mark = (f: Finding): Finding => {
    const entry = f.suppressed ? undefined : match(f);
    return entry ? { ...f, suppressed: true, suppression: suppressionOf(entry) } : f;
  };
  return { match, mark, apply: (findings) => findings.map(mark) };
}

/** Marks the findings `file` suppresses at `now`; see {@link createIgnoreMatcher}. */
export function applyTrivyIgnore(
  findings: readonly Finding[],
  file: TrivyIgnoreFile,
  now: Date,
  source?: string,
): Finding[] {
  return createIgnoreMatcher(file, now, source).apply(findings);
}

function pathsMatch(c: Compiled, paths: readonly string[]): boolean {
  if (c.entry.paths.length === 0) return true;
  return c.globs.some((g) => paths.some((p) => g.test(normalise(p))));
}

function purlsMatch(c: Compiled, purl: Purl | undefined): boolean {
  if (c.entry.purls.length === 0) return true;
  if (!purl) return c.entry.id !== undefined;
  return c.purls.some((p) => purlMatches(p, purl));
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
