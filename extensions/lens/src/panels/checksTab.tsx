import React, { useMemo } from 'react';
import type { Finding, FindingType } from '../../../../shared/src/model/finding.js';
import {
  CHECK_DESCENDING_FIRST,
  checkRows,
  DEFAULT_CHECK_QUERY,
  type CheckColumn,
  type CheckRow,
} from './checkRows.js';
import { ExternalLink } from './externalLink.js';
import { FilterBar, SeverityFilter, TextFilter } from './findingFilters.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf } from './rowPages.js';
import { nextSort } from './rowSort.js';
import { SeverityBadge } from './severityBadges.js';
import { useTableQuery } from './tableQuery.js';

const COLUMNS: readonly TableColumn<CheckRow, CheckColumn>[] = [
  { title: 'Severity', sortBy: 'severity', cell: (r) => <SeverityBadge severity={r.severity} /> },
  { title: 'ID', sortBy: 'id', cell: (r) => <ExternalLink url={r.url} text={r.id} /> },
  { title: 'Check', sortBy: 'title', cell: (r) => r.title },
  { title: 'Found', cell: (r) => r.message ?? '' },
  { title: 'Remediation', cell: (r) => r.remediation ?? '' },
  { title: 'Category', sortBy: 'category', cell: (r) => r.category ?? '' },
];
const WITH_CONTAINER: readonly TableColumn<CheckRow, CheckColumn>[] = [
  ...COLUMNS,
  { title: 'Container', cell: (r) => r.container ?? '' },
];

/** A tab of failed checks — config audit, RBAC or infra assessment — with what to do about each. */
export function ChecksTab({
  findings,
  type,
}: {
  readonly findings: readonly Finding[];
  readonly type: FindingType;
}): React.ReactElement {
  const { query, limit, change, showMore } = useTableQuery(DEFAULT_CHECK_QUERY);
  const rows = useMemo(() => checkRows(findings, type, query), [findings, type, query]);
  return (
    <div className="TrivyFindingsChecks">
      <FilterBar>
        <TextFilter label="Search checks" value={query.text} onChange={(text) => change({ text })} />
        <SeverityFilter value={query.severities[0]} onChange={(s) => change({ severities: s ? [s] : [] })} />
      </FilterBar>
      <FindingTable<CheckRow, CheckColumn>
        className="TrivyFindingsCheckTable"
        columns={rows.some((r) => r.container) ? WITH_CONTAINER : COLUMNS}
        page={pageOf(rows, limit)}
        keyOf={(r) => r.key}
        empty="No checks match these filters."
        sort={query.sort}
        onSort={(column) => change({ sort: nextSort(query.sort, column, CHECK_DESCENDING_FIRST) })}
        onShowMore={showMore}
      />
    </div>
  );
}
