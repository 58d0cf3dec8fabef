import type { Finding, FindingType } from '../model/finding.js';
import { countsTowardTotals } from '../model/findingFilter.js';
import { emptyCounts, SEVERITIES, type SeverityCounts } from '../model/severity.js';

/** Counts of a list of findings, by {@link countsTowardTotals}. */
export function countFindings(findings: readonly Finding[]): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) if (countsTowardTotals(f)) c[f.severity]++;
  return c;
}

/**
 * Counts of a report's findings per finding type, when they are not all of `usual` (the type of
 * its kind): a PolicyReport that an adapter converted from Trivy output holds vulnerabilities and
 * checks. `undefined` for the usual report, so that only such reports carry the map.
 */
export function countFindingTypes(
  findings: readonly Finding[],
  usual: FindingType | undefined,
): ReadonlyMap<FindingType, SeverityCounts> | undefined {
  if (findings.every((f) => f.type === usual)) return undefined;
  const byType = new Map<FindingType, SeverityCounts>();
  for (const f of findings) {
    if (!countsTowardTotals(f)) continue;
    let c = byType.get(f.type);
    if (!c) byType.set(f.type, (c = emptyCounts()));
    c[f.severity]++;
  }
  return byType;
}

/**
 * Severity counts of one scope (a workload, a namespace, the cluster), in total, per report kind
 * and per finding type, kept up to date by adding and subtracting the counts of the reports that
 * come and go — never recounted from the findings.
 */
export class SeverityTally {
  readonly total: SeverityCounts = emptyCounts();
  readonly byKind = new Map<string, SeverityCounts>();
  readonly byType = new Map<string, SeverityCounts>();

  /**
   * Adds (`sign` 1) or removes (`sign` -1) the counts of one report of `kind`, whose findings are
   * all of type `types`, or split by type as `types` says (see {@link countFindingTypes}).
   */
  add(
    kind: string,
    counts: SeverityCounts,
    sign: 1 | -1,
    types?: string | ReadonlyMap<string, SeverityCounts>,
  ): void {
    addTo(this.byKind, kind, counts, sign);
    for (const s of SEVERITIES) this.total[s] += counts[s] * sign;
    if (typeof types === 'string') addTo(this.byType, types, counts, sign);
    else if (types) for (const [type, c] of types) addTo(this.byType, type, c, sign);
  }

  /** Counts for one kind, or the total. A copy, so callers cannot change the tally. */
  counts(kind?: string): SeverityCounts {
    const source = kind === undefined ? this.total : this.byKind.get(kind);
    return source ? { ...source } : emptyCounts();
  }
}

function addTo(map: Map<string, SeverityCounts>, key: string, counts: SeverityCounts, sign: 1 | -1): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = emptyCounts()));
  for (const s of SEVERITIES) c[s] += counts[s] * sign;
}
