import React, { useMemo } from 'react';
import type { Finding } from '../../../../shared/src/model/finding.js';
import { FilterBar, SeverityFilter, TextFilter } from './findingFilters.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf } from './rowPages.js';
import { nextSort } from './rowSort.js';
import {
  DEFAULT_SECRET_QUERY,
  SECRET_DESCENDING_FIRST,
  secretRows,
  type SecretColumn,
  type SecretRow,
} from './secretRows.js';
import { SeverityBadge } from './severityBadges.js';
import { useTableQuery } from './tableQuery.js';

const COLUMNS: readonly TableColumn<SecretRow, SecretColumn>[] = [
  { title: 'Severity', sortBy: 'severity', cell: (r) => <SeverityBadge severity={r.severity} /> },
  { title: 'Rule', sortBy: 'id', cell: (r) => r.id },
  {
    title: 'Secret',
    cell: (r) => (r.category && r.category !== r.title ? `${r.title} (${r.category})` : r.title),
  },
  { title: 'File', sortBy: 'target', cell: (r) => r.target ?? '' },
  { title: 'Match (masked)', cell: (r) => <code>{r.match ?? ''}</code> },
  { title: 'Image', sortBy: 'image', cell: (r) => r.image ?? '' },
];

/** The Exposed secrets tab: the match is shown as the scanner masked it, and never otherwise. */
export function SecretsTab({ findings }: { readonly findings: readonly Finding[] }): React.ReactElement {
  const { query, limit, change, showMore } = useTableQuery(DEFAULT_SECRET_QUERY);
  const rows = useMemo(() => secretRows(findings, query), [findings, query]);
  return (
    <div className="TrivyFindingsSecrets">
      <FilterBar>
        <TextFilter label="Search secrets" value={query.text} onChange={(text) => change({ text })} />
        <SeverityFilter value={query.severities[0]} onChange={(s) => change({ severities: s ? [s] : [] })} />
      </FilterBar>
      <FindingTable<SecretRow, SecretColumn>
        className="TrivyFindingsSecretTable"
        columns={COLUMNS}
        page={pageOf(rows, limit)}
        keyOf={(r) => r.key}
        empty="No secrets match these filters."
        sort={query.sort}
        onSort={(column) => change({ sort: nextSort(query.sort, column, SECRET_DESCENDING_FIRST) })}
        onShowMore={showMore}
      />
    </div>
  );
}
