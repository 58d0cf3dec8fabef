import React, { useMemo } from 'react';
import { FindingTable, type TableColumn } from './findingTable.js';
import type { KindStatusView } from './panelModel.js';
import { pageOf } from './rowPages.js';
import { statusRows, type StatusRow } from './statusRows.js';

const COLUMNS: readonly TableColumn<StatusRow>[] = [
  { title: 'Report kind', cell: (r) => r.kind },
  { title: 'Where', cell: (r) => r.scope },
  { title: 'Status', cell: (r) => (r.state === 'ok' ? 'watched' : r.sentence) },
];

/** Every report kind's watch and what it says: served and read, not installed, forbidden, failing. */
export function StatusTable({
  statuses,
}: {
  readonly statuses: readonly KindStatusView[];
}): React.ReactElement {
  const rows = useMemo(() => statusRows(statuses), [statuses]);
  return (
    <FindingTable<StatusRow>
      className="TrivyFindingsStatuses"
      columns={COLUMNS}
      page={pageOf(rows, rows.length)}
      keyOf={(r) => r.key}
    />
  );
}
