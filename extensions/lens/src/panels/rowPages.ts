/**
 * Long tables are shown a page at a time: the first render of a section with thousands of findings
 * must stay fast in both hosts, whose tables render every row they are given unless virtualised
 * (which needs a fixed row height, and report text wraps).
 */
export const PAGE_SIZE = 50;

export interface Page<T> {
  readonly shown: readonly T[];
  /** Rows left out; a "Show more" button shows the next page. */
  readonly hidden: number;
}

/** The first `limit` rows. */
export function pageOf<T>(rows: readonly T[], limit: number): Page<T> {
  const shown = rows.length <= limit ? rows : rows.slice(0, Math.max(0, limit));
  return { shown, hidden: rows.length - shown.length };
}

/**
 * Pages of several grouped tables that share one budget of rows: the groups first in order get
 * their rows until the budget is spent, the others show their heading only, and `more` (rows a
 * person asked for, per group key) adds to a group's share.
 */
export function pageGroups<G extends { readonly key: string; readonly rows: readonly unknown[] }>(
  groups: readonly G[],
  more: ReadonlyMap<string, number>,
  budget = PAGE_SIZE,
): Array<Page<G['rows'][number]> & { readonly group: G }> {
  let left = budget;
  return groups.map((group) => {
    const share = Math.min(group.rows.length, left);
    left -= share;
    return { group, ...pageOf(group.rows, share + (more.get(group.key) ?? 0)) };
  });
}
