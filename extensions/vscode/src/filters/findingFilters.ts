// The extension's one filter, as plain data and without `vscode`: the Cluster and Workspace views,
// the status bar, the image CodeLens and every diagnostic ask `matchesFilters` of each finding, so
// they always agree. Severity, fixability and suppression are judged by the core's
// `matchesFilter` (the CLI's `--severity` / `--ignore-unfixed`); only namespaces and report kinds,
// which the CLI applies to the cluster's watch instead, are judged here.
import { matchesFilter, type FindingFilter } from '@trivy-findings/core/model/findingFilter.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { parseSeverityList, SEVERITIES, type Severity } from '@trivy-findings/core/model/severity.js';

/** What the user chose to see; the settings `trivyFindings.filters.*` hold it. */
export interface FindingFilters {
  /** The severities shown, most severe first; all five (the default) is no filter, as in Trivy. */
  readonly severities: readonly Severity[];
  /** Hide vulnerabilities without a fixed version (Trivy's `--ignore-unfixed`). */
  readonly ignoreUnfixed: boolean;
  /** Show findings their source marks suppressed, labelled as such; hidden by default. */
  readonly showSuppressed: boolean;
  /** Only the cluster findings of these namespaces; empty = all. Findings of files have none. */
  readonly namespaces: readonly string[];
  /** Only the findings of these report kinds (`VulnerabilityReport`); empty = all. */
  readonly kinds: readonly string[];
}

export const NO_FILTERS: FindingFilters = {
  severities: SEVERITIES,
  ignoreUnfixed: false,
  showSuppressed: false,
  namespaces: [],
  kinds: [],
};

/** "HIGH and CRITICAL, ignore unfixed": the common set-up, one click. */
export const HIGH_AND_CRITICAL_FIXABLE: FindingFilters = {
  ...NO_FILTERS,
  severities: ['CRITICAL', 'HIGH'],
  ignoreUnfixed: true,
};

/** The settings' raw values, as `getConfiguration().get` returns them (any type: users edit JSON). */
export interface RawFilterSettings {
  readonly severities?: unknown;
  readonly ignoreUnfixed?: unknown;
  readonly showSuppressed?: unknown;
  readonly namespaces?: unknown;
  readonly kinds?: unknown;
}

/**
 * The filters the settings hold. Values of the wrong type count as unset; unknown severity names
 * are dropped, and a list that names no valid severity shows every severity rather than nothing
 * (an empty Problems panel would look like a clean workspace).
 */
export function filtersFromSettings(raw: RawFilterSettings): FindingFilters {
  const names = strings(raw.severities);
  const chosen = new Set(parseSeverityList(names.join(',')).severities);
  return {
    severities: chosen.size === 0 ? SEVERITIES : SEVERITIES.filter((s) => chosen.has(s)),
    ignoreUnfixed: raw.ignoreUnfixed === true,
    showSuppressed: raw.showSuppressed === true,
    namespaces: [...new Set(strings(raw.namespaces))].sort(),
    kinds: [...new Set(strings(raw.kinds))].sort(),
  };
}

/** The part of the filters the core judges. */
export function coreFilterOf(filters: FindingFilters): FindingFilter {
  return {
    severities: filters.severities.length === SEVERITIES.length ? [] : filters.severities,
    ignoreUnfixed: filters.ignoreUnfixed,
    showSuppressed: filters.showSuppressed,
  };
}

/**
 * A predicate for many findings: the core filter is made once. Namespaces and kinds apply to
 * findings read from report objects (the cluster's, or saved ones); a local scan's findings have
 * neither and are judged by the rest.
 */
export function findingPredicate(filters: FindingFilters): (f: Finding) => boolean {
  const core = coreFilterOf(filters);
  const namespaces = filters.namespaces.length > 0 ? new Set(filters.namespaces) : undefined;
  const kinds = filters.kinds.length > 0 ? new Set(filters.kinds.map((k) => k.toLowerCase())) : undefined;
  return (f) => {
    if (!matchesFilter(f, core)) return false;
    const report = f.origin.report;
    if (!report) return true;
    if (kinds && !kinds.has(report.kind.toLowerCase())) return false;
    // Cluster-scoped reports (no namespace) are not in any namespace a person picks.
    if (namespaces && !namespaces.has(report.namespace ?? '')) return false;
    return true;
  };
}

/** Whether the filters hide anything beyond what is hidden by default (suppressed findings). */
export function isFiltering(filters: FindingFilters): boolean {
  return (
    filters.severities.length !== SEVERITIES.length ||
    filters.ignoreUnfixed ||
    filters.namespaces.length > 0 ||
    filters.kinds.length > 0
  );
}

/**
 * "filtered: HIGH+, fixable": the views' description while a filter hides anything (`''` when
 * none does); "suppressed shown" when only that differs from the default.
 */
export function filtersDescription(filters: FindingFilters): string {
  const parts: string[] = [];
  if (filters.severities.length !== SEVERITIES.length) parts.push(severitiesText(filters.severities));
  if (filters.ignoreUnfixed) parts.push('fixable');
  if (filters.namespaces.length > 0) parts.push(listText(filters.namespaces, 'namespace'));
  if (filters.kinds.length > 0) parts.push(listText(filters.kinds, 'kind'));
  const text = parts.length > 0 ? `filtered: ${parts.join(', ')}` : '';
  if (!filters.showSuppressed) return text;
  return text ? `${text}; suppressed shown` : 'suppressed shown';
}

/** `HIGH+` for the most severe ones down to one; else the names, `CRITICAL, LOW`. */
function severitiesText(severities: readonly Severity[]): string {
  if (severities.length === 0) return 'no severity';
  const isTop = severities.every((s, i) => SEVERITIES[i] === s);
  const last = severities[severities.length - 1]!;
  if (isTop && severities.length > 1) return `${last}+`;
  return severities.join(', ');
}

function listText(values: readonly string[], noun: string): string {
  return values.length <= 2 ? values.join(', ') : `${values.length} ${noun}s`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
    : [];
}
