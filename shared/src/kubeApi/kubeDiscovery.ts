import { REPORT_KINDS, type ReportKind } from '../model/reportKinds.js';
import { ClusterUnauthorizedError, ClusterUnreachableError } from '../ports/clusterSource.js';
import type { KubeTransport } from '../ports/kubeTransport.js';
import { KubeApiError } from './kubeApiError.js';
import { apiVersionOf, groupVersionPath } from './kubeApiPath.js';

interface ApiGroupList {
  groups?: Array<{ name?: unknown; versions?: Array<{ version?: unknown }> }>;
}

interface ApiResourceList {
  resources?: Array<{ name?: unknown; kind?: unknown; namespaced?: unknown }>;
}

/** A resource of a group version as discovery lists it. */
export interface DiscoveredResource {
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/**
 * Discovery over a {@link KubeTransport}, the same for every host (client-node's requests, a Lens
 * cluster frame's proxy): which report kinds the server serves, and the plural of any kind (for
 * owner lookups of kinds no table names). It reads the plain `/apis` and `/apis/<group>/<version>`
 * documents, which every API server version serves: a report kind is served when its group
 * version is listed and that version's resource list names its plural, so a group version that
 * answers 404 (a CRD removed between the two requests) serves nothing rather than failing the
 * discovery. Resource lists are cached until {@link invalidate}.
 *
 * Discovery is open to every authenticated user, so a failure here is the cluster's, not a kind's:
 * 401 rejects with `ClusterUnauthorizedError`, any other error answer or none with
 * `ClusterUnreachableError`, each naming the document and carrying the server's message.
 */
export class KubeDiscovery {
  private readonly resources = new Map<string, Promise<DiscoveredResource[]>>();

  constructor(private readonly transport: Pick<KubeTransport, 'server' | 'request'>) {}

  /** Each report kind the cluster serves, at the first of its `versions` the cluster serves. */
  async reportKinds(signal?: AbortSignal): Promise<Map<ReportKind, string>> {
    const groups = ((await this.get('/apis', signal)) ?? {}) as ApiGroupList;
    const served = new Set<string>();
    for (const g of Array.isArray(groups.groups) ? groups.groups : [])
      for (const v of Array.isArray(g?.versions) ? g.versions : [])
        if (typeof g.name === 'string' && typeof v?.version === 'string')
          served.add(apiVersionOf(g.name, v.version));
    const wanted = new Set<string>();
    for (const k of REPORT_KINDS)
      for (const v of k.versions)
        if (served.has(apiVersionOf(k.group, v))) wanted.add(apiVersionOf(k.group, v));
    const plurals = new Map<string, Set<string>>();
    await Promise.all(
      [...wanted].map(async (gv) => {
        const list = await this.groupVersion(gv, signal);
        plurals.set(gv, new Set(list.map((r) => r.plural)));
      }),
    );
    const result = new Map<ReportKind, string>();
    for (const k of REPORT_KINDS) {
      const version = k.versions.find((v) => plurals.get(apiVersionOf(k.group, v))?.has(k.plural));
      if (version) result.set(k, version);
    }
    return result;
  }

  /** The resource of `kind` in `apiVersion` (`apps/v1`, `v1`), or undefined when not served. */
  async resourceFor(
    apiVersion: string,
    kind: string,
    signal?: AbortSignal,
  ): Promise<DiscoveredResource | undefined> {
    const list = await this.groupVersion(apiVersion, signal);
    // Subresources (`deployments/scale`) name their parent's kind too.
    return list.find((r) => r.kind === kind && !r.plural.includes('/'));
  }

  /** Forgets cached group versions (a CRD was installed or removed). */
  invalidate(): void {
    this.resources.clear();
  }

  private groupVersion(gv: string, signal?: AbortSignal): Promise<DiscoveredResource[]> {
    let p = this.resources.get(gv);
    if (!p) {
      p = this.get(groupVersionPath(gv), signal, true).then(
        (body) => {
          const resources = (body as ApiResourceList | undefined)?.resources;
          return (Array.isArray(resources) ? resources : []).flatMap((r) =>
            typeof r?.name === 'string' && typeof r.kind === 'string'
              ? [{ plural: r.name, kind: r.kind, namespaced: r.namespaced === true }]
              : [],
          );
        },
        (err: unknown) => {
          // Not cached: a failure (or a 404) is asked again next time.
          this.resources.delete(gv);
          if (err instanceof KubeApiError && err.status === 404) return [];
          throw err;
        },
      );
      this.resources.set(gv, p);
    }
    return p;
  }

  /** A discovery document; a 404 passes through as {@link KubeApiError} when `notFoundPasses`. */
  private async get(path: string, signal?: AbortSignal, notFoundPasses = false): Promise<unknown> {
    try {
      return await this.transport.request(path, signal ? { signal } : {});
    } catch (err) {
      const server = this.transport.server;
      if (err instanceof KubeApiError) {
        if (err.status === 401) throw new ClusterUnauthorizedError(server, `${path}: ${err.message}`);
        if (notFoundPasses && err.status === 404) throw err;
        throw new ClusterUnreachableError(server, `${path}: ${err.message}`);
      }
      if (err instanceof ClusterUnreachableError) throw err;
      throw new ClusterUnreachableError(
        server,
        `${path}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
