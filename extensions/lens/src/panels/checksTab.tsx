import React, { useMemo, useState } from 'react';
import { Renderer } from '@k8slens/extensions';
import type { Finding, FindingType } from '../../../../shared/src/model/finding.js';
import { SEVERITIES, type Severity } from '../../../../shared/src/model/severity.js';
import {
  CHECK_DESCENDING_FIRST,
  checkRows,
  DEFAULT_CHECK_QUERY,
  type CheckColumn,
  type CheckQuery,
  type CheckRow,
} from './checkRows.js';
import { ExternalLink } from './externalLink.js';
import { ChoiceFilter, FilterBar, TextFilter } from './findingFilters.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf, PAGE_SIZE } from './rowPages.js';
import { nextSort } from './rowSort.js';
import { SeverityBadge } from './severityBadges.js';

const COLUMNS: readonly TableColumn<CheckColumn>[] = [
  { title: 'Severity', sortBy: 'severity' },
  { title: 'ID', sortBy: 'id' },
  { title: 'Check', sortBy: 'title' },
  { title: 'Found' },
  { title: 'Remediation' },
  { title: 'Category', sortBy: 'category' },
];
const CONTAINER: TableColumn<CheckColumn> = { title: 'Container' };

/** A tab of failed checks — config audit, RBAC or infra assessment — with what to do about each. */
export function ChecksTab({
  findings,
  type,
}: {
  readonly findings: readonly Finding[];
  readonly type: FindingType;
}): React.ReactElement {
  const { TableCell } = Renderer.Component;
  const [query, setQuery] = useState<CheckQuery>(DEFAULT_CHECK_QUERY);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const rows = useMemo(() => checkRows(findings, type, query), [findings, type, query]);
  const withContainers = rows.some((r) => r.container);
  const change = (next: Partial<CheckQuery>) => {
    setQuery({ ...query, ...next });
    setLimit(PAGE_SIZE);
  };
  return (
    <div className="TrivyFindingsChecks">
      <FilterBar>
        <TextFilter label="Search checks" value={query.text} onChange={(text) => change({ text })} />
        <ChoiceFilter<Severity>
          label="Severity"
          anyLabel="All severities"
          value={query.severities[0]}
          options={SEVERITIES}
          onChange={(s) => change({ severities: s ? [s] : [] })}
        />
      </FilterBar>
      {rows.length === 0 ? <p className="TrivyFindingsNoMatch">No checks match these filters.</p> : null}
      <FindingTable<CheckRow, CheckColumn>
        className="TrivyFindingsCheckTable"
        columns={withContainers ? [...COLUMNS, CONTAINER] : COLUMNS}
        page={pageOf(rows, limit)}
        keyOf={(r) => r.key}
        cells={(r) => (
          <>
            <TableCell>
              <SeverityBadge severity={r.severity} />
            </TableCell>
            <TableCell>
              <ExternalLink url={r.url} text={r.id} />
            </TableCell>
            <TableCell>{r.title}</TableCell>
            <TableCell>{r.message ?? ''}</TableCell>
            <TableCell>{r.remediation ?? ''}</TableCell>
            <TableCell>{r.category ?? ''}</TableCell>
            {withContainers ? <TableCell>{r.container ?? ''}</TableCell> : null}
          </>
        )}
        sort={query.sort}
        onSort={(column) => change({ sort: nextSort(query.sort, column, CHECK_DESCENDING_FIRST) })}
        onShowMore={() => setLimit(limit + PAGE_SIZE)}
      />
    </div>
  );
}
