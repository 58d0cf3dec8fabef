import React from 'react';
import { Renderer } from '@k8slens/extensions';
import type { CountRow, WorkloadCountRow } from '../../../../shared/src/summary/findingSummary.js';
import { FindingTable, type TableColumn } from './findingTable.js';
import { pageOf } from './rowPages.js';
import { SeverityCountBadges } from './severityBadges.js';
import { WorkloadLink } from './workloadLink.js';

const KIND_COLUMNS: readonly TableColumn<never>[] = [
  { title: 'Report kind' },
  { title: 'Findings' },
  { title: 'Total' },
];
const WORKLOAD_COLUMNS: readonly TableColumn<never>[] = [
  { title: 'Workload' },
  { title: 'Findings' },
  { title: 'Total' },
];

/** How many workloads the worst-workloads tables list. */
export const WORST_WORKLOADS = 10;

/** Counts by report kind, as a summary's `byKind` rows give them (most severe first). */
export function KindCountTable({ rows }: { readonly rows: readonly CountRow[] }): React.ReactElement {
  const { TableCell } = Renderer.Component;
  return (
    <FindingTable<CountRow, never>
      className="TrivyFindingsKindCounts"
      columns={KIND_COLUMNS}
      page={pageOf(rows, rows.length)}
      keyOf={(r) => r.key}
      cells={(r) => (
        <>
          <TableCell>{r.key}</TableCell>
          <TableCell>
            <SeverityCountBadges counts={r.counts} />
          </TableCell>
          <TableCell>{r.total}</TableCell>
        </>
      )}
    />
  );
}

/** The worst workloads of a summary (its `byWorkload` rows come most severe first), each a link. */
export function WorstWorkloadsTable({
  rows,
}: {
  readonly rows: readonly WorkloadCountRow[];
}): React.ReactElement {
  const { TableCell } = Renderer.Component;
  return (
    <FindingTable<WorkloadCountRow, never>
      className="TrivyFindingsWorstWorkloads"
      columns={WORKLOAD_COLUMNS}
      page={pageOf(rows, WORST_WORKLOADS)}
      keyOf={(r) => r.key}
      cells={(r) => (
        <>
          <TableCell>
            <WorkloadLink workload={r.workload} />
          </TableCell>
          <TableCell>
            <SeverityCountBadges counts={r.counts} />
          </TableCell>
          <TableCell>{r.total}</TableCell>
        </>
      )}
    />
  );
}
