import type { ReportWatchOptions } from '../../../../shared/src/cluster/reportWatch.js';
import { ReportWatches } from '../../../../shared/src/cluster/reportWatches.js';
import { ClosableTransport } from '../../../../shared/src/kubeApi/closableTransport.js';
import { KubeDiscovery } from '../../../../shared/src/kubeApi/kubeDiscovery.js';
import { MetadataAccept } from '../../../../shared/src/kubeApi/kubeMetadataAccept.js';
import {
  deleteReport,
  listNamespaces,
  namespaceExists,
  ownerReferencesOf,
} from '../../../../shared/src/kubeApi/objectRequests.js';
import type { Disposable } from '../../../../shared/src/model/disposable.js';
import type { ReportKind } from '../../../../shared/src/model/reportKinds.js';
import { builtinWorkloadKind, type WorkloadKind } from '../../../../shared/src/model/workloadKinds.js';
import type {
  ClusterSource,
  ObjectRef,
  OwnerReference,
  ReportEvent,
} from '../../../../shared/src/ports/clusterSource.js';
import { LensKubeRequests, type LensJsonApi } from './lensKubeRequests.js';

export interface LensClusterSourceOptions extends ReportWatchOptions {
  /** The cluster's name in the catalog, for messages. */
  readonly name: string;
}

/**
 * {@link ClusterSource} over a Lens cluster frame's `KubeJsonApi` (`Renderer.K8sApi.KubeJsonApi.forCluster`):
 * every request goes through the frame's proxy, so the user's Lens auth, proxy and TLS settings
 * apply and no kubeconfig is read here. Discovery (`KubeDiscovery`) and the watches (`ReportWatch`)
 * are the core's, the same as the Node source's, over {@link LensKubeRequests}; tests run it
 * against the fake API server through the API double.
 */
export class LensClusterSource implements ClusterSource {
  readonly name: string;
  /** Closed by {@link dispose}: nothing is sent for a frame whose core is gone. */
  private readonly requests: ClosableTransport;
  private readonly watches: ReportWatches;
  private readonly discovery: KubeDiscovery;
  /** Metadata-only reads for the workload watches and owner reads, as client-go's metadata informers ask. */
  private readonly metadata = new MetadataAccept();

  constructor(api: LensJsonApi, options: LensClusterSourceOptions) {
    this.name = options.name;
    this.requests = new ClosableTransport(new LensKubeRequests(api, options.name), options.name);
    this.watches = new ReportWatches(this.requests, this.metadata, options);
    this.discovery = new KubeDiscovery(this.requests);
  }

  discover(signal?: AbortSignal): Promise<ReadonlyMap<ReportKind, string>> {
    this.discovery.invalidate();
    return this.discovery.reportKinds(signal);
  }

  watch(
    kind: ReportKind,
    version: string,
    namespace: string | undefined,
    listener: (event: ReportEvent) => void,
  ): Disposable {
    return this.watches.reports(kind, version, namespace, listener);
  }

  watchWorkloads(
    kind: WorkloadKind,
    namespace: string | undefined,
    listener: (event: ReportEvent) => void,
  ): Disposable {
    return this.watches.workloads(kind, namespace, listener);
  }

  async ownerReferences(ref: ObjectRef): Promise<readonly OwnerReference[] | undefined> {
    if (this.requests.isClosed) return undefined;
    const plural =
      builtinWorkloadKind(ref.apiVersion, ref.kind)?.plural ??
      (await this.discovery.resourceFor(ref.apiVersion, ref.kind).catch(() => undefined))?.plural;
    if (!plural || this.requests.isClosed) return undefined;
    return ownerReferencesOf(this.requests, ref, plural, this.metadata);
  }

  namespaces(signal?: AbortSignal): Promise<readonly string[] | undefined> {
    if (this.requests.isClosed) return Promise.resolve(undefined);
    return listNamespaces(this.requests, signal);
  }

  namespaceExists(name: string, signal?: AbortSignal): Promise<boolean | undefined> {
    if (this.requests.isClosed) return Promise.resolve(undefined);
    return namespaceExists(this.requests, name, signal);
  }

  deleteReport(
    kind: ReportKind,
    version: string,
    namespace: string | undefined,
    name: string,
  ): Promise<void> {
    return deleteReport(this.requests, kind, version, namespace, name);
  }

  dispose(): void {
    this.requests.close();
    this.watches.dispose();
  }
}
