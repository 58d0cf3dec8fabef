import type { ReportWatchOptions } from '../../../../shared/src/cluster/reportWatch.js';
import { ReportWatches } from '../../../../shared/src/cluster/reportWatches.js';
import { KubeApiError } from '../../../../shared/src/kubeApi/kubeApiError.js';
import { apiVersionOf, groupVersionPath } from '../../../../shared/src/kubeApi/kubeApiPath.js';
import { MetadataAccept } from '../../../../shared/src/kubeApi/kubeMetadataAccept.js';
import {
  deleteReport,
  listNamespaces,
  namespaceExists,
  ownerReferencesOf,
} from '../../../../shared/src/kubeApi/objectRequests.js';
import type { Disposable } from '../../../../shared/src/model/disposable.js';
import { REPORT_KINDS, type ReportKind } from '../../../../shared/src/model/reportKinds.js';
import { builtinWorkloadKind, type WorkloadKind } from '../../../../shared/src/model/workloadKinds.js';
import {
  ClusterUnauthorizedError,
  ClusterUnreachableError,
  type ClusterSource,
  type ObjectRef,
  type OwnerReference,
  type ReportEvent,
} from '../../../../shared/src/ports/clusterSource.js';
import { LensKubeRequests, type LensJsonApi } from './lensKubeRequests.js';

export interface LensClusterSourceOptions extends ReportWatchOptions {
  /** The cluster's name in the catalog, for messages. */
  readonly name: string;
}

interface ResourceList {
  resources?: Array<{ name?: unknown; kind?: unknown }>;
}

/**
 * {@link ClusterSource} over a Lens cluster frame's `KubeJsonApi` (`Renderer.K8sApi.KubeJsonApi.forCluster`):
 * every request goes through the frame's proxy, so the user's Lens auth, proxy and TLS settings
 * apply and no kubeconfig is read here. Watches are the core's `ReportWatch` loop, the same as
 * the Node source's, over {@link LensKubeRequests}; tests run it against the fake API server
 * through the API double.
 */
export class LensClusterSource implements ClusterSource {
  readonly name: string;
  private readonly requests: LensKubeRequests;
  private readonly watches: ReportWatches;
  private readonly plurals = new Map<string, Promise<Map<string, string>>>();
  /** Metadata-only reads for the workload watches and owner reads, as client-go's metadata informers ask. */
  private readonly metadata = new MetadataAccept();

  constructor(api: LensJsonApi, options: LensClusterSourceOptions) {
    this.name = options.name;
    this.requests = new LensKubeRequests(api, options.name);
    this.watches = new ReportWatches(this.requests, this.metadata, options);
  }

  async discover(signal?: AbortSignal): Promise<ReadonlyMap<ReportKind, string>> {
    this.plurals.clear();
    const groups = ((await this.discovery('/apis', signal)) ?? {}) as {
      groups?: Array<{ name?: unknown; versions?: Array<{ version?: unknown }> }>;
    };
    const served = new Set<string>();
    for (const g of Array.isArray(groups.groups) ? groups.groups : [])
      for (const v of Array.isArray(g?.versions) ? g.versions : [])
        if (typeof g.name === 'string' && typeof v?.version === 'string')
          served.add(`${g.name}/${v.version}`);
    const result = new Map<ReportKind, string>();
    for (const kind of REPORT_KINDS) {
      for (const version of kind.versions) {
        const gv = apiVersionOf(kind.group, version);
        if (!served.has(gv)) continue;
        if ([...(await this.pluralsOf(gv, signal)).values()].includes(kind.plural)) {
          result.set(kind, version);
          break;
        }
      }
    }
    return result;
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
    const plural =
      builtinWorkloadKind(ref.apiVersion, ref.kind)?.plural ??
      (await this.pluralsOf(ref.apiVersion).catch(() => new Map<string, string>())).get(ref.kind);
    if (!plural) return undefined;
    return ownerReferencesOf(this.requests, ref, plural, this.metadata);
  }

  namespaces(signal?: AbortSignal): Promise<readonly string[] | undefined> {
    return listNamespaces(this.requests, signal);
  }

  namespaceExists(name: string, signal?: AbortSignal): Promise<boolean | undefined> {
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
    this.watches.dispose();
  }

  /** Kind → plural of a group version's resources (subresources left out); cached until the next discovery. */
  private pluralsOf(apiVersion: string, signal?: AbortSignal): Promise<Map<string, string>> {
    let p = this.plurals.get(apiVersion);
    if (!p) {
      p = this.discovery(groupVersionPath(apiVersion), signal, true).then(
        (body) => {
          const byKind = new Map<string, string>();
          for (const r of (body as ResourceList | undefined)?.resources ?? [])
            if (typeof r?.name === 'string' && typeof r.kind === 'string' && !r.name.includes('/'))
              byKind.set(r.kind, r.name);
          return byKind;
        },
        (err: unknown) => {
          this.plurals.delete(apiVersion);
          if (err instanceof KubeApiError && err.status === 404) return new Map<string, string>();
          throw err;
        },
      );
      this.plurals.set(apiVersion, p);
    }
    return p;
  }

  /** A discovery document; failing here means bad credentials or a failing server. */
  private async discovery(path: string, signal?: AbortSignal, notFoundPasses = false): Promise<unknown> {
    try {
      return await this.requests.request(path, signal ? { signal } : {});
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 401)
        throw new ClusterUnauthorizedError(this.name, `${path}: ${err.message}`);
      if (err instanceof KubeApiError && notFoundPasses && err.status === 404) throw err;
      throw this.unreachable(err, path);
    }
  }

  private unreachable(err: unknown, what: string): ClusterUnreachableError {
    if (err instanceof ClusterUnreachableError) return err;
    return new ClusterUnreachableError(
      this.name,
      `${what}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
