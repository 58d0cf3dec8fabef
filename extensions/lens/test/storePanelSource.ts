// A panel source over the core's real ReportStore, fed with fixture report objects as a cluster's
// watches feed it: what the registered sections and pages read in these tests. The plumbing's
// source (over Lens's K8sApi) is built the same way on the same store.
import { parseAllDocuments } from 'yaml';
import { ownerWorkloadResolver } from '../../../shared/src/cluster/workloadResolver.js';
import { ReportStore } from '../../../shared/src/cluster/reportStore.js';
import { checkJoinKey } from '../../../shared/src/model/checkIds.js';
import type { Disposable } from '../../../shared/src/model/disposable.js';
import { imageName } from '../../../shared/src/model/imageName.js';
import { REPORT_KINDS, reportKindOf } from '../../../shared/src/model/reportKinds.js';
import { severityRank, type Severity } from '../../../shared/src/model/severity.js';
import { workloadKey, type WorkloadRef } from '../../../shared/src/model/workloadRef.js';
import type { KindStatus, KubeObject, ObjectRef } from '../../../shared/src/ports/clusterSource.js';
import type { Carrier, RescanResult } from '../src/panels/panelModel.js';
import type { PanelSource } from '../src/panels/panelSource.js';
import { fixtureText, reportsOf } from './panelFixtures.js';

/** The report objects of fixture files (single objects and Lists). */
export function fixtureObjects(...names: string[]): KubeObject[] {
  return names.flatMap((name) =>
    parseAllDocuments(fixtureText(name)).flatMap((doc) => {
      const value = doc.toJS() as KubeObject & { items?: KubeObject[] };
      return value.kind?.endsWith('List') && Array.isArray(value.items) ? value.items : [value];
    }),
  );
}

export class StorePanelSource implements PanelSource {
  // Owners are inferred from names (a ReplicaSet's report belongs to its Deployment), as the store
  // does before the owners are read from the cluster.
  readonly store = new ReportStore({
    resolver: ownerWorkloadResolver(async () => undefined),
    batchMs: 5,
    includePassed: true,
  });
  readonly rescans: ObjectRef[] = [];
  loading = false;

  constructor(
    private readonly rescanResult: (w: ObjectRef) => Promise<RescanResult> = async () => ({
      deletedReports: 2,
    }),
  ) {}

  /** Every kind's watch says `status` (ok by default), as after the first lists. */
  setStatuses(status: (kind: string) => KindStatus = () => ({ state: 'ok' })): void {
    for (const kind of REPORT_KINDS) this.store.setStatus({ kind }, status(kind.kind));
  }

  /** Lists these objects, each kind's scope at once, as a watch's first list does. */
  list(objects: readonly KubeObject[]): void {
    for (const kind of REPORT_KINDS) {
      const ofKind = objects.filter((o) => reportKindOf(o.apiVersion, o.kind) === kind);
      if (ofKind.length) this.store.apply({ kind }, { type: 'synced', objects: ofKind, first: true });
    }
  }

  /** A report added, changed or deleted in the cluster, as a watch event. */
  event(type: 'added' | 'modified' | 'deleted', object: KubeObject): void {
    this.store.apply({ kind: reportKindOf(object.apiVersion, object.kind)! }, { type, object });
  }

  private statuses() {
    return this.store.kindStatuses().map((s) => ({
      kind: s.kind.kind,
      ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
      status: s.status,
    }));
  }

  objectPanel(object: ObjectRef) {
    const findings = this.store.findingsForWorkload(workloadKey(object));
    return { loading: this.loading, findings, reports: reportsOf(findings), statuses: this.statuses() };
  }

  namespacePanel(namespace: string) {
    return { loading: this.loading, summary: this.store.summary(namespace), statuses: this.statuses() };
  }

  overview() {
    return {
      loading: this.loading,
      summary: this.store.summary(),
      statuses: this.statuses(),
      compliance: this.store.findingsForKind('ClusterComplianceReport'),
    };
  }

  carriers(id: string) {
    const key = checkJoinKey(id);
    const byWorkload = new Map<
      string,
      { workload: WorkloadRef; findings: number; severity: Severity; images: Set<string> }
    >();
    for (const { finding, workload } of this.store.findingsWithWorkloads()) {
      if (checkJoinKey(finding.id) !== key && !finding.aliases.some((a) => checkJoinKey(a) === key)) continue;
      const k = workloadKey(workload);
      let c = byWorkload.get(k);
      if (!c)
        byWorkload.set(k, (c = { workload, findings: 0, severity: finding.severity, images: new Set() }));
      c.findings++;
      if (severityRank(finding.severity) > severityRank(c.severity)) c.severity = finding.severity;
      const image = imageName(finding.artifact);
      if (image) c.images.add(image);
    }
    const carriers: Carrier[] = [...byWorkload.values()].map((c) => ({ ...c, images: [...c.images] }));
    return { id, loading: this.loading, carriers, statuses: this.statuses() };
  }

  readonly rescan = async (workload: ObjectRef): Promise<RescanResult> => {
    this.rescans.push(workload);
    return this.rescanResult(workload);
  };

  onDidChange(listener: () => void): Disposable {
    return this.store.onDidChange(() => listener());
  }
}
