/**
 * One copy of each repeated text across the findings the cluster store keeps. The same CVE has the
 * same id, title, description and links in every image that carries it, and the same package
 * names and versions recur within and across reports; `JSON.parse` gives each occurrence its own
 * string, and keeping one instead is what holds the store below the size of the raw reports.
 *
 * The pool is bounded in entries and characters, because report text is untrusted and because
 * the pool keeps its strings alive after the reports that had them are gone: when full it starts
 * over. Strings already handed out stay shared; only later duplicates are missed until seen again.
 */
const pool = new Map<string, string>();
const ENTRY_LIMIT = 100_000;
const CHAR_LIMIT = 8 * 1024 * 1024;
// Longer texts are rare and seldom repeated; pooling them would only pin memory.
const LONGEST_POOLED = 4096;
let chars = 0;

/** The pooled copy of `value` (the same string, by identity, for equal texts). */
export function intern(value: string): string {
  if (value.length > LONGEST_POOLED) return value;
  const known = pool.get(value);
  if (known !== undefined) return known;
  if (pool.size >= ENTRY_LIMIT || chars + value.length > CHAR_LIMIT) clearStringPool();
  pool.set(value, value);
  chars += value.length;
  return value;
}

/** `intern` for an optional text; `undefined` stays `undefined`. */
export function internOptional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : intern(value);
}

/** Forgets the pool, e.g. when the store drops a cluster; findings keep the strings they have. */
export function clearStringPool(): void {
  pool.clear();
  chars = 0;
}

/** A non-empty text field of an untrusted object, pooled; anything else is `undefined`. */
export function pooledText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? intern(value) : undefined;
}
