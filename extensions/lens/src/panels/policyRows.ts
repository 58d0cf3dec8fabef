import type { Finding, Outcome } from '../../../../shared/src/model/finding.js';
import { SEVERITIES, severityRank, type Severity } from '../../../../shared/src/model/severity.js';
import { compareText, matchesText, sortRows, type RowComparators, type SortState } from './rowSort.js';

/** One result of a PolicyReport (Kyverno, a ValidatingAdmissionPolicy, any engine), as a row shows it. */
export interface PolicyRow {
  readonly key: string;
  readonly policy: string;
  /** Empty when the result names no rule, or its rule is the policy. */
  readonly rule: string;
  readonly result: Outcome;
  readonly severity: Severity;
  readonly category?: string;
  /** The engine that wrote it: the result's or the report's `source`. */
  readonly source: string;
  readonly message?: string;
}

export type PolicyColumn = 'policy' | 'rule' | 'result' | 'severity' | 'category' | 'source';

/** policy-reporter's filters: each one value, or any (undefined). */
export interface PolicyQuery {
  readonly sort: SortState<PolicyColumn>;
  readonly result?: Outcome;
  readonly severity?: Severity;
  readonly category?: string;
  readonly source?: string;
  readonly text: string;
}

export const DEFAULT_POLICY_QUERY: PolicyQuery = { sort: { column: 'result', descending: false }, text: '' };

export const POLICY_DESCENDING_FIRST: ReadonlySet<PolicyColumn> = new Set(['severity']);

/** Results in the order of their gravity, as policy-reporter lists them. */
export const RESULTS: readonly Outcome[] = ['fail', 'warn', 'error', 'pass', 'skip'];

const COMPARATORS: RowComparators<PolicyRow, PolicyColumn> = {
  policy: (a, b) => compareText(a.policy, b.policy) || compareText(a.rule, b.rule),
  rule: (a, b) => compareText(a.rule, b.rule),
  result: (a, b) => RESULTS.indexOf(a.result) - RESULTS.indexOf(b.result) || compareText(a.policy, b.policy),
  severity: (a, b) => severityRank(a.severity) - severityRank(b.severity),
  category: (a, b) => compareText(a.category, b.category),
  source: (a, b) => compareText(a.source, b.source),
};

/**
 * The policy and the rule of a result. The core's reader names a result `policy/rule` and keeps
 * the policy alone as an alias (`readers/reports/policyReport.ts`); a result without a rule is
 * named by its policy.
 */
export function policyAndRule(f: Finding): { readonly policy: string; readonly rule: string } {
  for (const alias of f.aliases)
    if (f.id.length > alias.length + 1 && f.id.startsWith(`${alias}/`))
      return { policy: alias, rule: f.id.slice(alias.length + 1) };
  return { policy: f.id, rule: '' };
}

function rowsOf(findings: readonly Finding[]): PolicyRow[] {
  const rows: PolicyRow[] = [];
  for (const f of findings) {
    if (f.type !== 'policy' || f.suppressed) continue;
    const { policy, rule } = policyAndRule(f);
    rows.push({
      key: String(rows.length),
      policy,
      rule,
      result: f.outcome,
      severity: f.severity,
      ...(f.category ? { category: f.category } : {}),
      source: f.origin.tool,
      ...(f.message ? { message: f.message } : {}),
    });
  }
  return rows;
}

/** The policy results of an object, filtered and sorted. */
export function policyRows(findings: readonly Finding[], query: PolicyQuery): PolicyRow[] {
  const rows = rowsOf(findings).filter(
    (r) =>
      (query.result === undefined || r.result === query.result) &&
      (query.severity === undefined || r.severity === query.severity) &&
      (query.category === undefined || r.category === query.category) &&
      (query.source === undefined || r.source === query.source) &&
      matchesText(query.text, r.policy, r.rule, r.message, r.category),
  );
  return sortRows(rows, COMPARATORS, query.sort);
}

/** The values each filter offers: those present in the results, in their natural order. */
export interface PolicyFilterOptions {
  readonly results: readonly Outcome[];
  readonly severities: readonly Severity[];
  readonly categories: readonly string[];
  readonly sources: readonly string[];
}

export function policyFilterOptions(findings: readonly Finding[]): PolicyFilterOptions {
  const rows = rowsOf(findings);
  const present = <T>(values: Iterable<T>) => new Set(values);
  const results = present(rows.map((r) => r.result));
  const severities = present(rows.map((r) => r.severity));
  return {
    results: RESULTS.filter((r) => results.has(r)),
    severities: SEVERITIES.filter((s) => severities.has(s)),
    categories: [...present(rows.flatMap((r) => (r.category ? [r.category] : [])))].sort(compareText),
    sources: [...present(rows.map((r) => r.source))].sort(compareText),
  };
}
