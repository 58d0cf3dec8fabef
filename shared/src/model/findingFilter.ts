import type { Finding } from './finding.js';
import type { Severity } from './severity.js';

/** What a person asked to see; the CLI flags and both hosts' settings map onto it. */
export interface FindingFilter {
  /** Only these severities; empty or absent = all. */
  readonly severities?: readonly Severity[];
  /** Hide vulnerabilities without a fixed version, like Trivy's `--ignore-unfixed`. */
  readonly ignoreUnfixed?: boolean;
  /** Show suppressed findings and passed checks too. */
  readonly all?: boolean;
  /**
   * Show suppressed findings too (passed checks stay hidden): the editors' "show suppressed",
   * where a suppressed finding is shown marked as such beside the ones that count.
   */
  readonly showSuppressed?: boolean;
}

export function matchesFilter(f: Finding, filter: FindingFilter): boolean {
  if (!filter.all && (f.outcome === 'pass' || f.outcome === 'skip')) return false;
  if (!filter.all && !filter.showSuppressed && f.suppressed) return false;
  if (filter.severities?.length && !filter.severities.includes(f.severity)) return false;
  // Trivy's --ignore-unfixed drops vulnerabilities with no fixed version; other types have no fix.
  if (filter.ignoreUnfixed && f.type === 'vulnerability' && !f.package?.fixedVersion) return false;
  return true;
}

/**
 * Whether a finding counts in the severity totals: failures and warnings that are not suppressed.
 * Passed checks (only present when asked for) and policy `error`/`skip` results are shown but not
 * counted, as Trivy Operator's own `summary` does not count them either. The store's tallies and
 * every summary count by this one rule.
 */
export function countsTowardTotals(f: Finding): boolean {
  return !f.suppressed && (f.outcome === 'fail' || f.outcome === 'warn');
}
