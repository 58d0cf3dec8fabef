import { severityRank } from '../../../../shared/src/model/severity.js';
import { workloadKey } from '../../../../shared/src/model/workloadRef.js';
import type { Carrier } from './panelModel.js';
import { compareText } from './rowSort.js';

/** The workloads that carry an id, most severe first, then those with most findings of it. */
export function carrierRows(carriers: readonly Carrier[]): Array<Carrier & { readonly key: string }> {
  return carriers
    .map((c) => ({ ...c, key: workloadKey(c.workload) }))
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        b.findings - a.findings ||
        compareText(a.key, b.key),
    );
}
