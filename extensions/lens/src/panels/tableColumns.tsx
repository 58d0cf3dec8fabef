import React from 'react';
import type { SeverityCounts } from '../../../../shared/src/model/severity.js';
import type { WorkloadRef } from '../../../../shared/src/model/workloadRef.js';
import type { TableColumn } from './findingTable.js';
import { SeverityCountBadges } from './severityBadges.js';
import { WorkloadLink } from './workloadLink.js';

// Columns more than one table shows, defined once.

/** The workload, a link to its details. */
export function workloadColumn<Row extends { readonly workload: WorkloadRef }>(): TableColumn<Row> {
  return { title: 'Workload', cell: (r) => <WorkloadLink workload={r.workload} /> };
}

/** Counts by severity, as badges. */
export function countsColumn<Row>(title: string, counts: (row: Row) => SeverityCounts): TableColumn<Row> {
  return { title, cell: (r) => <SeverityCountBadges counts={counts(r)} /> };
}

/** The images a row is about, comma-separated. */
export function imagesColumn<Row extends { readonly images: readonly string[] }>(): TableColumn<Row> {
  return { title: 'Images', cell: (r) => r.images.join(', ') };
}
