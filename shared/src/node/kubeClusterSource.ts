import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../model/disposable.js';
import type { ReportKind } from '../model/reportKinds.js';
import type { ClusterSource, ObjectRef, OwnerReference, ReportEvent } from '../ports/clusterSource.js';
import { ClusterUnreachableError } from '../ports/clusterSource.js';
import { KubeDiscovery } from './kubeDiscovery.js';
import { isOwnerReference, KubeOwnerIndex } from './kubeOwnerIndex.js';
import { KubeApiError, kubeRequest } from './kubeRequest.js';
import { ReportWatch, type ReportWatchOptions } from './kubeReportWatch.js';

export type KubeClusterSourceOptions = ReportWatchOptions;

// Paths of the built-in kinds owner resolution walks through, so those lookups need no discovery.
const BUILTIN_PLURALS: Readonly<Record<string, string>> = {
  'v1/Pod': 'pods',
  'v1/ReplicationController': 'replicationcontrollers',
  'apps/v1/ReplicaSet': 'replicasets',
  'apps/v1/Deployment': 'deployments',
  'apps/v1/StatefulSet': 'statefulsets',
  'apps/v1/DaemonSet': 'daemonsets',
  'batch/v1/Job': 'jobs',
  'batch/v1/CronJob': 'cronjobs',
};

// Only the metadata of an owner is needed; servers that cannot send PartialObjectMetadata fall back to the object.
const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/**
 * {@link ClusterSource} over `@kubernetes/client-node`, for one context of a kubeconfig (see
 * `loadKubeConfig`). Auth and TLS come from the `KubeConfig`; watches use client-node's `Watch`.
 * Tests point it at `test/doubles/fakeApiServer` through a kubeconfig the fake writes.
 */
export class KubeClusterSource implements ClusterSource {
  readonly name: string;
  /** API server URL, for messages. */
  readonly server: string;
  private readonly discovery: KubeDiscovery;
  private readonly watches = new Set<ReportWatch>();
  private readonly owners: KubeOwnerIndex;

  constructor(
    private readonly config: KubeConfig,
    private readonly options: KubeClusterSourceOptions = {},
  ) {
    this.name = config.getCurrentContext();
    this.server = config.getCurrentCluster()?.server ?? '(no cluster)';
    this.discovery = new KubeDiscovery(config, this.server);
    this.owners = new KubeOwnerIndex(config);
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
    const w = new ReportWatch(this.config, this.server, kind, version, namespace, listener, this.options);
    this.watches.add(w);
    return {
      dispose: () => {
        this.watches.delete(w);
        w.dispose();
      },
    };
  }

  /**
   * Owners of ReplicaSets, Jobs, Deployments and CronJobs come from a metadata listing of the kind
   * (one per kind, see {@link KubeOwnerIndex}); other kinds, and objects newer than the listing,
   * from a GET of the object.
   */
  async ownerReferences(ref: ObjectRef): Promise<readonly OwnerReference[] | undefined> {
    const plural =
      BUILTIN_PLURALS[`${ref.apiVersion}/${ref.kind}`] ??
      (await this.discovery.resourceFor(ref.apiVersion, ref.kind))?.plural;
    if (!plural) return undefined;
    if (this.owners.covers(ref)) {
      const listed = await this.owners.lookup(ref, plural);
      if (listed) return listed;
    }
    const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const ns = ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
    try {
      const obj = (await kubeRequest(this.config, `${base}${ns}/${plural}/${encodeURIComponent(ref.name)}`, {
        accept: METADATA_ACCEPT,
      })) as { metadata?: { ownerReferences?: unknown } };
      const refs = obj.metadata?.ownerReferences;
      return Array.isArray(refs) ? refs.filter(isOwnerReference) : [];
    } catch (err) {
      if (err instanceof KubeApiError && (err.status === 403 || err.status === 404)) return undefined;
      throw err;
    }
  }

  async namespaces(signal?: AbortSignal): Promise<readonly string[] | undefined> {
    const names: string[] = [];
    let token: string | undefined;
    try {
      do {
        const body = (await kubeRequest(this.config, '/api/v1/namespaces', {
          query: { limit: 500, continue: token },
          accept: 'application/json',
          ...(signal ? { signal } : {}),
        })) as { metadata?: { continue?: string }; items?: Array<{ metadata?: { name?: string } }> };
        for (const item of body.items ?? []) if (item.metadata?.name) names.push(item.metadata.name);
        token = body.metadata?.continue || undefined;
      } while (token);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 403) return undefined;
      throw err;
    }
    return names;
  }

  async deleteReport(
    kind: ReportKind,
    version: string,
    namespace: string | undefined,
    name: string,
  ): Promise<void> {
    const ns = kind.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    try {
      await kubeRequest(
        this.config,
        `/apis/${kind.group}/${version}${ns}/${kind.plural}/${encodeURIComponent(name)}`,
        {
          method: 'DELETE',
        },
      );
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
    for (const w of this.watches) w.dispose();
    this.watches.clear();
  }
}
