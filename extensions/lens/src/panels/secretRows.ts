import type { Finding } from '../../../../shared/src/model/finding.js';
import { matchesFilter } from '../../../../shared/src/model/findingFilter.js';
import { imageName } from '../../../../shared/src/model/imageName.js';
import { severityRank, type Severity } from '../../../../shared/src/model/severity.js';
import { compareText, matchesText, sortRows, type RowComparators, type SortState } from './rowSort.js';

/** One exposed secret, as a row shows it. */
export interface SecretRow {
  readonly key: string;
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly category?: string;
  /** The file in the image it was found in. */
  readonly target?: string;
  /** The matched text exactly as the scanner masked it; never anything more. */
  readonly match?: string;
  readonly image?: string;
  readonly container?: string;
}

export type SecretColumn = 'severity' | 'id' | 'target' | 'image';

export interface SecretQuery {
  readonly sort: SortState<SecretColumn>;
  readonly severities: readonly Severity[];
  readonly text: string;
}

export const DEFAULT_SECRET_QUERY: SecretQuery = {
  sort: { column: 'severity', descending: true },
  severities: [],
  text: '',
};

export const SECRET_DESCENDING_FIRST: ReadonlySet<SecretColumn> = new Set(['severity']);

const COMPARATORS: RowComparators<SecretRow, SecretColumn> = {
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity),
  id: (a, b) => compareText(a.id, b.id),
  target: (a, b) => compareText(a.target, b.target),
  image: (a, b) => compareText(a.image, b.image) || compareText(a.target, b.target),
};

/** The exposed secrets of a workload; one row per rule, file, match and image. */
export function secretRows(findings: readonly Finding[], query: SecretQuery): SecretRow[] {
  const rows = new Map<string, SecretRow>();
  const filter = { severities: query.severities };
  for (const f of findings) {
    if (f.type !== 'secret' || !matchesFilter(f, filter)) continue;
    const image = imageName(f.artifact);
    if (!matchesText(query.text, f.id, f.title, f.category, f.target, image)) continue;
    const key = `${f.id}\u0000${f.target ?? ''}\u0000${f.match ?? ''}\u0000${image ?? ''}`;
    if (rows.has(key)) continue;
    rows.set(key, {
      key,
      id: f.id,
      severity: f.severity,
      title: f.title,
      ...(f.category ? { category: f.category } : {}),
      ...(f.target ? { target: f.target } : {}),
      ...(f.match ? { match: f.match } : {}),
      ...(image ? { image } : {}),
      ...(f.resource?.container ? { container: f.resource.container } : {}),
    });
  }
  return sortRows([...rows.values()], COMPARATORS, query.sort);
}
