import React, { useMemo } from 'react';
import type { Finding, Outcome } from '../../../../shared/src/model/finding.js';
import type { Severity } from '../../../../shared/src/model/severity.js';
import { ChoiceFilter, FilterBar, TextFilter } from './findingFilters.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import {
  DEFAULT_POLICY_QUERY,
  POLICY_DESCENDING_FIRST,
  policyFilterOptions,
  policyRows,
  type PolicyColumn,
  type PolicyRow,
} from './policyRows.js';
import { pageOf } from './rowPages.js';
import { nextSort } from './rowSort.js';
import { SeverityBadge } from './severityBadges.js';
import { useTableQuery } from './tableQuery.js';

const COLUMNS: readonly TableColumn<PolicyRow, PolicyColumn>[] = [
  { title: 'Policy', sortBy: 'policy', cell: (r) => r.policy },
  { title: 'Rule', sortBy: 'rule', cell: (r) => r.rule },
  { title: 'Result', sortBy: 'result', cell: (r) => r.result },
  { title: 'Severity', sortBy: 'severity', cell: (r) => <SeverityBadge severity={r.severity} /> },
  { title: 'Category', sortBy: 'category', cell: (r) => r.category ?? '' },
  { title: 'Source', sortBy: 'source', cell: (r) => r.source },
  { title: 'Message', cell: (r) => r.message ?? '' },
];

/**
 * The Policy results tab: PolicyReport results of any engine (Kyverno, ValidatingAdmissionPolicy,
 * …), filtered as policy-reporter's UI filters them: result, severity, category, source.
 */
export function PolicyTab({ findings }: { readonly findings: readonly Finding[] }): React.ReactElement {
  const { query, limit, change, showMore } = useTableQuery(DEFAULT_POLICY_QUERY);
  const options = useMemo(() => policyFilterOptions(findings), [findings]);
  const rows = useMemo(() => policyRows(findings, query), [findings, query]);
  return (
    <div className="TrivyFindingsPolicies">
      <FilterBar>
        <TextFilter label="Search policy results" value={query.text} onChange={(text) => change({ text })} />
        <ChoiceFilter<Outcome>
          label="Result"
          anyLabel="All results"
          value={query.result}
          options={options.results}
          onChange={(result) => change({ result })}
        />
        <ChoiceFilter<Severity>
          label="Severity"
          anyLabel="All severities"
          value={query.severity}
          options={options.severities}
          onChange={(severity) => change({ severity })}
        />
        <ChoiceFilter<string>
          label="Category"
          anyLabel="All categories"
          value={query.category}
          options={options.categories}
          onChange={(category) => change({ category })}
        />
        <ChoiceFilter<string>
          label="Source"
          anyLabel="All sources"
          value={query.source}
          options={options.sources}
          onChange={(source) => change({ source })}
        />
      </FilterBar>
      <FindingTable<PolicyRow, PolicyColumn>
        className="TrivyFindingsPolicyTable"
        columns={COLUMNS}
        page={pageOf(rows, limit)}
        keyOf={(r) => r.key}
        empty="No policy results match these filters."
        sort={query.sort}
        onSort={(column) => change({ sort: nextSort(query.sort, column, POLICY_DESCENDING_FIRST) })}
        onShowMore={showMore}
      />
    </div>
  );
}
