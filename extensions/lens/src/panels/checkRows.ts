import type { Finding, FindingType } from '../../../../shared/src/model/finding.js';
import { matchesFilter } from '../../../../shared/src/model/findingFilter.js';
import { severityRank, type Severity } from '../../../../shared/src/model/severity.js';
import { compareText, matchesText, sortRows, type RowComparators, type SortState } from './rowSort.js';
import { safeUrl } from './safeUrl.js';

/** One failed check (config audit, RBAC or infra assessment), as a row shows it. */
export interface CheckRow {
  readonly key: string;
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** What the check found on this object (`Container 'nginx' of ReplicaSet …`). */
  readonly message?: string;
  readonly remediation?: string;
  readonly category?: string;
  readonly container?: string;
  readonly url?: string;
}

export type CheckColumn = 'severity' | 'id' | 'title' | 'category';

export interface CheckQuery {
  readonly sort: SortState<CheckColumn>;
  readonly severities: readonly Severity[];
  /** Matched against the id, the title, the message and the category. */
  readonly text: string;
}

export const DEFAULT_CHECK_QUERY: CheckQuery = {
  sort: { column: 'severity', descending: true },
  severities: [],
  text: '',
};

export const CHECK_DESCENDING_FIRST: ReadonlySet<CheckColumn> = new Set(['severity']);

const COMPARATORS: RowComparators<CheckRow, CheckColumn> = {
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity),
  id: (a, b) => compareText(a.id, b.id),
  title: (a, b) => compareText(a.title, b.title),
  category: (a, b) => compareText(a.category, b.category) || compareText(a.id, b.id),
};

/**
 * The failed checks of one type. One row per check, container and message: the same check read from
 * the reports of two ReplicaSets of one Deployment is one row.
 */
export function checkRows(findings: readonly Finding[], type: FindingType, query: CheckQuery): CheckRow[] {
  const rows = new Map<string, CheckRow>();
  const filter = { severities: query.severities };
  for (const f of findings) {
    if (f.type !== type || !matchesFilter(f, filter)) continue;
    if (!matchesText(query.text, f.id, f.title, f.message, f.category)) continue;
    const key = `${f.id}\u0000${f.resource?.container ?? ''}\u0000${f.message ?? ''}`;
    if (rows.has(key)) continue;
    const url = safeUrl(f.primaryUrl);
    rows.set(key, {
      key,
      id: f.id,
      severity: f.severity,
      title: f.title,
      ...(f.message ? { message: f.message } : {}),
      ...(f.resolution ? { remediation: f.resolution } : {}),
      ...(f.category ? { category: f.category } : {}),
      ...(f.resource?.container ? { container: f.resource.container } : {}),
      ...(url ? { url } : {}),
    });
  }
  return sortRows([...rows.values()], COMPARATORS, query.sort);
}
