/** Bounds of a {@link StringPool}; the defaults suit a cluster of many thousand reports. */
export interface StringPoolLimits {
  /** Distinct strings held before the pool starts over (default 100,000). */
  readonly entries?: number;
  /** Characters held before the pool starts over (default 8 Mi). */
  readonly chars?: number;
  /** Strings longer than this are handed back as they are, never pooled (default 4,096). */
  readonly longest?: number;
}

const ENTRY_LIMIT = 100_000;
const CHAR_LIMIT = 8 * 1024 * 1024;
// Longer texts are rare and seldom repeated; pooling them would only pin memory.
const LONGEST_POOLED = 4096;

/**
 * One copy of each repeated text. The same CVE has the same id, title, description and links in
 * every image that carries it, and package names, versions and namespaces recur within and across
 * reports; `JSON.parse` gives each occurrence its own string, and keeping one instead is what holds
 * the cluster store below the size of the raw reports.
 *
 * Readers take the pool from their `ReadContext`: the cluster store hands each read its own
 * long-lived pool, so texts are shared across all its reports; an offline read gets a fresh pool
 * that shares texts within that read and is dropped with it.
 *
 * Bounded in entries and characters, because report text is untrusted and the pool keeps its
 * strings alive after the findings that had them are gone: when full it starts over. Strings
 * already handed out stay shared; only later duplicates are missed until seen again. The store
 * also calls {@link StringPool.rebuild} now and then to drop the texts of deleted reports.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();
  private charCount = 0;
  private readonly entryLimit: number;
  private readonly charLimit: number;
  private readonly longest: number;

  constructor(limits: StringPoolLimits = {}) {
    this.entryLimit = limits.entries ?? ENTRY_LIMIT;
    this.charLimit = limits.chars ?? CHAR_LIMIT;
    this.longest = limits.longest ?? LONGEST_POOLED;
  }

  /** The pooled copy of `s`: the same string, by identity, for equal texts (long ones excepted). */
  intern(s: string): string {
    if (s.length > this.longest) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size >= this.entryLimit || this.charCount + s.length > this.charLimit) this.clear();
    this.strings.set(s, s);
    this.charCount += s.length;
    return s;
  }

  /** `intern` for an optional text; `undefined` stays `undefined`. */
  internOptional(s: string | undefined): string | undefined {
    return s === undefined ? undefined : this.intern(s);
  }

  /** A non-empty text field of an untrusted object, pooled; anything else is `undefined`. */
  text(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? this.intern(value) : undefined;
  }

  /** Distinct strings held. */
  get size(): number {
    return this.strings.size;
  }

  /** Characters held, summed over the distinct strings. */
  get chars(): number {
    return this.charCount;
  }

  /**
   * Starts a new pool holding only what `visit` passes to the callback, e.g. the strings of the
   * findings still kept. Strings already shared stay shared: the live copies are the pooled ones,
   * so they are the ones kept. Within the bounds: what does not fit is not kept.
   */
  rebuild(visit: (keep: (s: string) => void) => void): void {
    this.clear();
    visit((s) => {
      if (s.length > this.longest || this.strings.has(s)) return;
      if (this.strings.size >= this.entryLimit || this.charCount + s.length > this.charLimit) return;
      this.strings.set(s, s);
      this.charCount += s.length;
    });
  }

  private clear(): void {
    this.strings.clear();
    this.charCount = 0;
  }
}
