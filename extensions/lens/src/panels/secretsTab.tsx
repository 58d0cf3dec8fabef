import React, { useMemo, useState } from 'react';
import { Renderer } from '@k8slens/extensions';
import type { Finding } from '../../../../shared/src/model/finding.js';
import { SEVERITIES, type Severity } from '../../../../shared/src/model/severity.js';
import { ChoiceFilter, FilterBar, TextFilter } from './findingFilters.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf, PAGE_SIZE } from './rowPages.js';
import { nextSort } from './rowSort.js';
import {
  DEFAULT_SECRET_QUERY,
  SECRET_DESCENDING_FIRST,
  secretRows,
  type SecretColumn,
  type SecretQuery,
  type SecretRow,
} from './secretRows.js';
import { SeverityBadge } from './severityBadges.js';

const COLUMNS: readonly TableColumn<SecretColumn>[] = [
  { title: 'Severity', sortBy: 'severity' },
  { title: 'Rule', sortBy: 'id' },
  { title: 'Secret' },
  { title: 'File', sortBy: 'target' },
  { title: 'Match (masked)' },
  { title: 'Image', sortBy: 'image' },
];

/** The Exposed secrets tab: the match is shown as the scanner masked it, and never otherwise. */
export function SecretsTab({ findings }: { readonly findings: readonly Finding[] }): React.ReactElement {
  const { TableCell } = Renderer.Component;
  const [query, setQuery] = useState<SecretQuery>(DEFAULT_SECRET_QUERY);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const rows = useMemo(() => secretRows(findings, query), [findings, query]);
  const change = (next: Partial<SecretQuery>) => {
    setQuery({ ...query, ...next });
    setLimit(PAGE_SIZE);
  };
  return (
    <div className="TrivyFindingsSecrets">
      <FilterBar>
        <TextFilter label="Search secrets" value={query.text} onChange={(text) => change({ text })} />
        <ChoiceFilter<Severity>
          label="Severity"
          anyLabel="All severities"
          value={query.severities[0]}
          options={SEVERITIES}
          onChange={(s) => change({ severities: s ? [s] : [] })}
        />
      </FilterBar>
      {rows.length === 0 ? <p className="TrivyFindingsNoMatch">No secrets match these filters.</p> : null}
      <FindingTable<SecretRow, SecretColumn>
        className="TrivyFindingsSecretTable"
        columns={COLUMNS}
        page={pageOf(rows, limit)}
        keyOf={(r) => r.key}
        cells={(r) => (
          <>
            <TableCell>
              <SeverityBadge severity={r.severity} />
            </TableCell>
            <TableCell>{r.id}</TableCell>
            <TableCell>
              {r.category && r.category !== r.title ? `${r.title} (${r.category})` : r.title}
            </TableCell>
            <TableCell>{r.target ?? ''}</TableCell>
            <TableCell>
              <code>{r.match ?? ''}</code>
            </TableCell>
            <TableCell>{r.image ?? ''}</TableCell>
          </>
        )}
        sort={query.sort}
        onSort={(column) => change({ sort: nextSort(query.sort, column, SECRET_DESCENDING_FIRST) })}
        onShowMore={() => setLimit(limit + PAGE_SIZE)}
      />
    </div>
  );
}
