/**
 * Interns strings so that every copy of a repeated text (a CVE id, its title and description, a
 * package name, a namespace) is one string in memory. `JSON.parse` allocates a fresh string for
 * every value, so 5,000 reports of the same image would otherwise hold 5,000 copies of each text.
 *
 * The pool only grows; the store calls {@link StringPool.rebuild} now and then with the strings
 * that are still live, so texts of deleted reports do not stay forever.
 */
export class StringPool {
  private strings = new Map<string, string>();

  /** The pooled copy of `s` (the first one seen). */
  intern(s: string): string {
    const pooled = this.strings.get(s);
    if (pooled !== undefined) return pooled;
    this.strings.set(s, s);
    return s;
  }

  /** `intern` for optional fields. */
  internOpt(s: string | undefined): string | undefined {
    return s === undefined ? undefined : this.intern(s);
  }

  get size(): number {
    return this.strings.size;
  }

  /**
   * Starts a new pool holding only what `visit` passes to the callback. Strings already shared stay
   * shared: the live copies are the pooled ones, so they are the ones kept.
   */
  rebuild(visit: (keep: (s: string) => void) => void): void {
    const next = new Map<string, string>();
    visit((s) => {
      if (!next.has(s)) next.set(s, s);
    });
    this.strings = next;
  }
}
