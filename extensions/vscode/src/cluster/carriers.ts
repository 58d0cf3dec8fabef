import type { ReportIndex } from '@trivy-findings/core/cluster/reportIndex.js';
import { workloadKey, type WorkloadRef } from '@trivy-findings/core/model/workloadRef.js';

/** A workload of the cluster that carries a vulnerability, and the images it carries it in. */
export interface Carrier {
  readonly workload: WorkloadRef;
  readonly key: string;
  /** `repository:tag` (or the digest) of each image, sorted. */
  readonly images: readonly string[];
  /** Packages the vulnerability is in, sorted. */
  readonly packages: readonly string[];
}

/**
 * The workloads and images of one cluster that carry `id` (any spelling, any alias): read from the
 * store's check index, one lookup, then each finding's workload from its report.
 */
export function carriersOf(
  store: Pick<ReportIndex, 'findingsForCheck' | 'workloadsOfReport'>,
  id: string,
): Carrier[] {
  const byWorkload = new Map<string, { workload: WorkloadRef; images: Set<string>; packages: Set<string> }>();
  const reportWorkloads = new Map<string, ReturnType<typeof store.workloadsOfReport>>();
  for (const finding of store.findingsForCheck(id)) {
    const r = finding.origin.report;
    if (!r) continue;
    const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
    let workloads = reportWorkloads.get(key);
    if (!workloads) reportWorkloads.set(key, (workloads = store.workloadsOfReport(key)));
    const workload = workloads.get(finding);
    if (!workload) continue;
    const wk = workloadKey(workload);
    let entry = byWorkload.get(wk);
    if (!entry) byWorkload.set(wk, (entry = { workload, images: new Set(), packages: new Set() }));
    const a = finding.artifact;
    if (a) entry.images.add(a.repository ? `${a.repository}${a.tag ? `:${a.tag}` : ''}` : (a.digest ?? ''));
    if (finding.package) entry.packages.add(finding.package.name);
  }
  return [...byWorkload]
    .map(([key, e]) => ({
      key,
      workload: e.workload,
      images: [...e.images].filter((i) => i !== '').sort(),
      packages: [...e.packages].sort(),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
