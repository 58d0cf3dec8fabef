// Real scan files read as the viewer reads them (all results, passed checks too), for the tests of
// the viewer's pure parts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSourceText, type SourceRead } from '@trivy-findings/core/readers/readSource.js';
import { offlineWorkloads } from '@trivy-findings/core/workloads/offlineWorkloads.js';
import { findingRows, type WorkloadOf } from '../../src/scanViewer/findingRows.js';
import type { FindingRow } from '../../src/scanViewer/protocol.js';

export const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures');

/** Trivy Operator 0.31.3 VulnerabilityReports of a real cluster (`kubectl get -o json`): 398 findings. */
export const CLUSTER_DUMP = join(
  FIXTURES,
  'reports',
  'vulnerabilityreportlist_real-cluster_trivy-0.31.3.json',
);
/** A ConfigAuditReport with 2 failed and 3 passed checks. */
export const CONFIG_AUDIT = join(FIXTURES, 'reports', 'configauditreport_replicaset-nginx_docs.yaml');

export interface ViewerRead {
  readonly read: SourceRead;
  readonly workloadOf: WorkloadOf;
  readonly rows: FindingRow[];
}

/** `path` read as `ScanReads` reads it, and its rows. */
export function viewerRead(path: string): ViewerRead {
  const read = readSourceText(readFileSync(path, 'utf8'), path, { includePassed: true });
  const { workloadOf } = offlineWorkloads([read]);
  return { read, workloadOf, rows: findingRows(read.findings, workloadOf) };
}
