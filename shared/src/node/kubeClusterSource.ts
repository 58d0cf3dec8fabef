import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../model/disposable.js';
import type { ReportKind } from '../model/reportKinds.js';
import { builtinWorkloadKind, type WorkloadKind } from '../model/workloadKinds.js';
import type { ReportWatchOptions } from '../cluster/reportWatch.js';
import { ReportWatches } from '../cluster/reportWatches.js';
import { ClosableTransport } from '../kubeApi/closableTransport.js';
import { KubeDiscovery } from '../kubeApi/kubeDiscovery.js';
import { MetadataAccept } from '../kubeApi/kubeMetadataAccept.js';
import {
  deleteReport,
  listNamespaces,
  namespaceExists,
  ownerReferencesOf,
} from '../kubeApi/objectRequests.js';
import type { ClusterSource, ObjectRef, OwnerReference, ReportEvent } from '../ports/clusterSource.js';
import { KubeCredentials } from './kubeCredentials.js';
import { NodeKubeTransport } from './kubeTransport.js';
import { KubeOwnerIndex } from './kubeOwnerIndex.js';

export interface KubeClusterSourceOptions extends ReportWatchOptions {
  /**
   * The context's `KubeConfig` loaded afresh, used when the server rejects the credentials (401):
   * e.g. the kubeconfig files read again, so a token rewritten there is picked up. Default: the
   * same configuration with nothing cached, so exec plugins run again.
   */
  readonly reloadConfig?: () => KubeConfig;
  /**
   * The context's namespace, when the caller knows it better than the context does (in a Pod:
   * the service account's, see `loadKubeConfig`). Default: the context's `namespace`.
   */
  readonly namespace?: string;
}

/**
 * {@link ClusterSource} over `@kubernetes/client-node`, for one context of a kubeconfig (see
 * `loadKubeConfig`). Auth and TLS come from the `KubeConfig` (see {@link KubeCredentials}, shared
 * by every request of the source). Watches are the core's `ReportWatch` loop over
 * {@link NodeKubeTransport}. Tests point it at `test/doubles/fakeApiServer` through a
 * kubeconfig the fake writes.
 */
export class KubeClusterSource implements ClusterSource {
  readonly name: string;
  readonly namespace?: string;
  /** API server URL, for messages. */
  readonly server: string;
  private readonly credentials: KubeCredentials;
  /** Closed by {@link dispose}: an owner walk or a fallback under way then asks nothing more. */
  private readonly transport: ClosableTransport;
  private readonly discovery: KubeDiscovery;
  private readonly watches: ReportWatches;
  private readonly metadata = new MetadataAccept();
  private readonly owners: KubeOwnerIndex;

  constructor(
    config: KubeConfig,
    private readonly options: KubeClusterSourceOptions = {},
  ) {
    this.name = config.getCurrentContext();
    const namespace = options.namespace ?? config.getContextObject(this.name)?.namespace;
    if (namespace) this.namespace = namespace;
    this.server = config.getCurrentCluster()?.server ?? '(no cluster)';
    this.credentials = new KubeCredentials(
      config,
      options.reloadConfig ? { reload: options.reloadConfig } : {},
    );
    this.transport = new ClosableTransport(new NodeKubeTransport(this.credentials), this.name);
    this.discovery = new KubeDiscovery(this.transport);
    this.owners = new KubeOwnerIndex(this.transport, this.metadata);
    this.watches = new ReportWatches(this.transport, this.metadata, options);
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

  /**
   * Owners of ReplicaSets, Jobs, Deployments and CronJobs come from a metadata listing of the kind
   * (one per kind, see {@link KubeOwnerIndex}); other kinds, and objects newer than the listing,
   * from a GET of the object's metadata.
   */
  async ownerReferences(ref: ObjectRef): Promise<readonly OwnerReference[] | undefined> {
    if (this.transport.isClosed) return undefined;
    const plural =
      // Built-in workload kinds, which owner resolution walks through, need no discovery.
      builtinWorkloadKind(ref.apiVersion, ref.kind)?.plural ??
      (await this.discovery.resourceFor(ref.apiVersion, ref.kind))?.plural;
    if (!plural || this.transport.isClosed) return undefined;
    if (this.owners.covers(ref)) {
      const listed = await this.owners.lookup(ref, plural);
      if (listed) return listed;
    }
    return ownerReferencesOf(this.transport, ref, plural, this.metadata);
  }

  namespaces(signal?: AbortSignal): Promise<readonly string[] | undefined> {
    if (this.transport.isClosed) return Promise.resolve(undefined);
    return listNamespaces(this.transport, signal);
  }

  namespaceExists(name: string, signal?: AbortSignal): Promise<boolean | undefined> {
    if (this.transport.isClosed) return Promise.resolve(undefined);
    return namespaceExists(this.transport, name, signal);
  }

  deleteReport(
    kind: ReportKind,
    version: string,
    namespace: string | undefined,
    name: string,
  ): Promise<void> {
    return deleteReport(this.transport, kind, version, namespace, name);
  }

  dispose(): void {
    this.transport.close();
    this.watches.dispose();
  }
}
