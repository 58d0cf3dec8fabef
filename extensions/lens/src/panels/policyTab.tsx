import React, { useMemo, useState } from 'react';
import { Renderer } from '@k8slens/extensions';
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
  type PolicyQuery,
  type PolicyRow,
} from './policyRows.js';
import { pageOf, PAGE_SIZE } from './rowPages.js';
import { nextSort } from './rowSort.js';
import { SeverityBadge } from './severityBadges.js';

const COLUMNS: readonly TableColumn<PolicyColumn>[] = [
  { title: 'Policy', sortBy: 'policy' },
  { title: 'Rule', sortBy: 'rule' },
  { title: 'Result', sortBy: 'result' },
  { title: 'Severity', sortBy: 'severity' },
  { title: 'Category', sortBy: 'category' },
  { title: 'Source', sortBy: 'source' },
  { title: 'Message' },
];

/**
 * The Policy results tab: PolicyReport results of any engine (Kyverno, ValidatingAdmissionPolicy,
 * …), filtered as policy-reporter's UI filters them: result, severity, category, source.
 */
export function PolicyTab({ findings }: { readonly findings: readonly Finding[] }): React.ReactElement {
  const { TableCell } = Renderer.Component;
  const [query, setQuery] = useState<PolicyQuery>(DEFAULT_POLICY_QUERY);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const options = useMemo(() => policyFilterOptions(findings), [findings]);
  const rows = useMemo(() => policyRows(findings, query), [findings, query]);
  const change = (next: Partial<PolicyQuery>) => {
    setQuery({ ...query, ...next });
    setLimit(PAGE_SIZE);
  };
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
      {rows.length === 0 ? (
        <p className="TrivyFindingsNoMatch">No policy results match these filters.</p>
      ) : null}
      <FindingTable<PolicyRow, PolicyColumn>
        className="TrivyFindingsPolicyTable"
        columns={COLUMNS}
        page={pageOf(rows, limit)}
        keyOf={(r) => r.key}
        cells={(r) => (
          <>
            <TableCell>{r.policy}</TableCell>
            <TableCell>{r.rule}</TableCell>
            <TableCell>{r.result}</TableCell>
            <TableCell>
              <SeverityBadge severity={r.severity} />
            </TableCell>
            <TableCell>{r.category ?? ''}</TableCell>
            <TableCell>{r.source}</TableCell>
            <TableCell>{r.message ?? ''}</TableCell>
          </>
        )}
        sort={query.sort}
        onSort={(column) => change({ sort: nextSort(query.sort, column, POLICY_DESCENDING_FIRST) })}
        onShowMore={() => setLimit(limit + PAGE_SIZE)}
      />
    </div>
  );
}
