import React, { useMemo } from 'react';
import { Renderer } from '@k8slens/extensions';
import { FindingTable, type TableColumn } from './findingTable.js';
import type { KindStatusView } from './panelModel.js';
import { pageOf } from './rowPages.js';
import { statusRows, type StatusRow } from './statusRows.js';

const COLUMNS: readonly TableColumn<never>[] = [
  { title: 'Report kind' },
  { title: 'Where' },
  { title: 'Status' },
];

/** Every report kind's watch and what it says: served and read, not installed, forbidden, failing. */
export function StatusTable({
  statuses,
}: {
  readonly statuses: readonly KindStatusView[];
}): React.ReactElement {
  const { TableCell } = Renderer.Component;
  const rows = useMemo(() => statusRows(statuses), [statuses]);
  return (
    <FindingTable<StatusRow, never>
      className="TrivyFindingsStatuses"
      columns={COLUMNS}
      page={pageOf(rows, rows.length)}
      keyOf={(r) => r.key}
      cells={(r) => (
        <>
          <TableCell>{r.kind}</TableCell>
          <TableCell>{r.scope}</TableCell>
          <TableCell>{r.state === 'ok' ? 'watched' : r.sentence}</TableCell>
        </>
      )}
    />
  );
}
