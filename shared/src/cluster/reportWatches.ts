import { apiVersionOf } from '../kubeApi/kubeApiPath.js';
import type { MetadataAccept } from '../kubeApi/kubeMetadataAccept.js';
import type { Disposable } from '../model/disposable.js';
import type { ReportKind } from '../model/reportKinds.js';
import type { WorkloadKind } from '../model/workloadKinds.js';
import type { ReportEvent } from '../ports/clusterSource.js';
import type { KubeTransport } from '../ports/kubeTransport.js';
import { ReportWatch, type ReportWatchOptions, type WatchTarget } from './reportWatch.js';

/**
 * The watches of one `ClusterSource`, whatever its transport: `ClusterSource.watch` and
 * `watchWorkloads` are {@link reports} and {@link workloads} here, each a {@link ReportWatch}; the
 * source's `dispose` ends them all.
 */
export class ReportWatches implements Disposable {
  private readonly watches = new Set<ReportWatch>();

  constructor(
    private readonly transport: KubeTransport,
    /** The source's metadata-only negotiation, shared with its owner lookups: one 406 is enough. */
    private readonly metadata: MetadataAccept,
    private readonly options: ReportWatchOptions = {},
  ) {}

  /** Lists, then watches, a report kind at a version the cluster serves (see `ClusterSource.watch`). */
  reports(
    kind: ReportKind,
    version: string,
    namespace: string | undefined,
    listener: (event: ReportEvent) => void,
  ): Disposable {
    const target = {
      apiVersion: apiVersionOf(kind.group, version),
      plural: kind.plural,
      kind: kind.kind,
      namespaced: kind.namespaced,
    };
    return this.start(target, namespace, listener);
  }

  /** The metadata of a workload kind, through the same loop as the reports' (see `ClusterSource.watchWorkloads`). */
  workloads(
    kind: WorkloadKind,
    namespace: string | undefined,
    listener: (event: ReportEvent) => void,
  ): Disposable {
    const target = {
      apiVersion: kind.apiVersion,
      plural: kind.plural,
      kind: kind.kind,
      namespaced: true,
      metadata: this.metadata,
    };
    return this.start(target, namespace, listener);
  }

  dispose(): void {
    for (const w of this.watches) w.dispose();
    this.watches.clear();
  }

  private start(
    target: WatchTarget,
    namespace: string | undefined,
    listener: (event: ReportEvent) => void,
  ): Disposable {
    const w = new ReportWatch(this.transport, target, namespace, listener, this.options);
    this.watches.add(w);
    return {
      dispose: () => {
        this.watches.delete(w);
        w.dispose();
      },
    };
  }
}
