import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../model/disposable.js';
import type { ReportKind } from '../model/reportKinds.js';
import { builtinWorkloadKind, type WorkloadKind } from '../model/workloadKinds.js';
import type { ReportWatchOptions } from '../cluster/reportWatch.js';
import { ReportWatches } from '../cluster/reportWatches.js';
import { KubeApiError } from '../kubeApi/kubeApiError.js';
import { apiVersionOf, resourcePath } from '../kubeApi/kubeApiPath.js';
import { listPages } from '../kubeApi/kubeListPages.js';
import { MetadataAccept } from '../kubeApi/kubeMetadataAccept.js';
import { isOwnerReference } from '../kubeApi/kubeObjects.js';
import type { ClusterSource, ObjectRef, OwnerReference, ReportEvent } from '../ports/clusterSource.js';
import { ClusterUnreachableError } from '../ports/clusterSource.js';
import { KubeCredentials } from './kubeCredentials.js';
import { KubeDiscovery } from './kubeDiscovery.js';
import { KubeListWatchTransport } from './kubeListWatchTransport.js';
import { KubeOwnerIndex } from './kubeOwnerIndex.js';
import { kubeRequest } from './kubeRequest.js';

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
 * {@link KubeListWatchTransport}. Tests point it at `test/doubles/fakeApiServer` through a
 * kubeconfig the fake writes.
 */
export class KubeClusterSource implements ClusterSource {
  readonly name: string;
  readonly namespace?: string;
  /** API server URL, for messages. */
  readonly server: string;
  private readonly credentials: KubeCredentials;
  private readonly transport: KubeListWatchTransport;
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
    this.transport = new KubeListWatchTransport(this.credentials);
    this.discovery = new KubeDiscovery(this.credentials);
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
    const plural =
      // Built-in workload kinds, which owner resolution walks through, need no discovery.
      builtinWorkloadKind(ref.apiVersion, ref.kind)?.plural ??
      (await this.discovery.resourceFor(ref.apiVersion, ref.kind))?.plural;
    if (!plural) return undefined;
    if (this.owners.covers(ref)) {
      const listed = await this.owners.lookup(ref, plural);
      if (listed) return listed;
    }
    const path = resourcePath({
      apiVersion: ref.apiVersion,
      plural,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
    });
    const get = () => kubeRequest(this.credentials, path, { accept: this.metadata.header(false) });
    try {
      const obj = (await get().catch((err: unknown) =>
        this.metadata.refusedBy(err) ? get() : Promise.reject(err),
      )) as { metadata?: { ownerReferences?: unknown } } | undefined;
      const refs = obj?.metadata?.ownerReferences;
      return Array.isArray(refs) ? refs.filter(isOwnerReference) : [];
    } catch (err) {
      if (err instanceof KubeApiError && (err.status === 403 || err.status === 404)) return undefined;
      throw err;
    }
  }

  async namespaces(signal?: AbortSignal): Promise<readonly string[] | undefined> {
    const names: string[] = [];
    try {
      for await (const page of listPages<{ metadata?: { name?: unknown } }>(
        this.transport,
        resourcePath({ apiVersion: 'v1', plural: 'namespaces' }),
        {
          limit: 500,
          ...(signal ? { signal } : {}),
        },
      )) {
        for (const item of page.items)
          if (typeof item?.metadata?.name === 'string') names.push(item.metadata.name);
      }
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 403) return undefined;
      throw err;
    }
    return names;
  }

  async namespaceExists(name: string, signal?: AbortSignal): Promise<boolean | undefined> {
    try {
      // A Namespace is small: read whole, with no metadata-only negotiation to fall back from.
      await kubeRequest(
        this.credentials,
        resourcePath({ apiVersion: 'v1', plural: 'namespaces', name }),
        signal ? { signal } : {},
      );
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return false;
      if (err instanceof KubeApiError && err.status === 403) return undefined;
      throw err;
    }
  }

  async deleteReport(
    kind: ReportKind,
    version: string,
    namespace: string | undefined,
    name: string,
  ): Promise<void> {
    const path = resourcePath({
      apiVersion: apiVersionOf(kind.group, version),
      plural: kind.plural,
      name,
      ...(kind.namespaced && namespace ? { namespace } : {}),
    });
    try {
      await kubeRequest(this.credentials, path, { method: 'DELETE' });
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return; // already gone: what was asked
      if (err instanceof KubeApiError) {
        throw new Error(
          `cannot delete ${kind.kind} ${namespace ? `${namespace}/` : ''}${name}: ${err.serverMessage}`,
        );
      }
      throw err instanceof ClusterUnreachableError
        ? err
        : new ClusterUnreachableError(this.server, String(err));
    }
  }

  dispose(): void {
    this.watches.dispose();
  }
}
