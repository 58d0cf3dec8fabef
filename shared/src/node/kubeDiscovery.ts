import { REPORT_KINDS, type ReportKind } from '../model/reportKinds.js';
import { ClusterUnauthorizedError, ClusterUnreachableError } from '../ports/clusterSource.js';
import { groupVersionPath } from '../kubeApi/kubeApiPath.js';
import type { KubeCredentials } from './kubeCredentials.js';
import { KubeApiError } from '../kubeApi/kubeApiError.js';
import { kubeRequest } from './kubeRequest.js';

interface ApiGroupList {
  groups?: Array<{ name?: string; versions?: Array<{ version?: string }> }>;
}

interface ApiResourceList {
  resources?: Array<{ name?: string; kind?: string; namespaced?: boolean }>;
}

/** A resource of a group version as discovery lists it. */
export interface DiscoveredResource {
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/**
 * Discovery against the API server: which report kinds are served, and the plural of any kind
 * (for owner lookups of kinds we have no table for). Uses the plain `/apis` and `/apis/<gv>`
 * documents, which every API server version serves, and caches group versions for the session.
 */
export class KubeDiscovery {
  private readonly resources = new Map<string, Promise<DiscoveredResource[]>>();

  constructor(private readonly credentials: KubeCredentials) {}

  /** Each report kind the cluster serves, at the first of its `versions` the cluster serves. */
  async reportKinds(signal?: AbortSignal): Promise<Map<ReportKind, string>> {
    const groups = ((await this.get('/apis', signal)) ?? {}) as ApiGroupList;
    const served = new Map<string, Set<string>>();
    for (const g of Array.isArray(groups.groups) ? groups.groups : []) {
      if (g?.name)
        served.set(
          g.name,
          new Set((Array.isArray(g.versions) ? g.versions : []).map((v) => v?.version ?? '')),
        );
    }
    const wanted = new Set<string>();
    for (const k of REPORT_KINDS)
      for (const v of k.versions) if (served.get(k.group)?.has(v)) wanted.add(`${k.group}/${v}`);
    const plurals = new Map<string, Set<string>>();
    await Promise.all(
      [...wanted].map(async (gv) => {
        const list = await this.groupVersion(gv, signal);
        plurals.set(gv, new Set(list.map((r) => r.plural)));
      }),
    );
    const result = new Map<ReportKind, string>();
    for (const k of REPORT_KINDS) {
      const version = k.versions.find((v) => plurals.get(`${k.group}/${v}`)?.has(k.plural));
      if (version) result.set(k, version);
    }
    return result;
  }

  /** The resource of `kind` in `apiVersion` (`apps/v1`, `v1`), or undefined when not served. */
  async resourceFor(apiVersion: string, kind: string): Promise<DiscoveredResource | undefined> {
    const list = await this.groupVersion(apiVersion);
    return list.find((r) => r.kind === kind && !r.plural.includes('/'));
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
          this.resources.delete(gv);
          // A group version that went away between /apis and here serves nothing.
          if (err instanceof KubeApiError && err.status === 404) return [];
          throw err;
        },
      );
      this.resources.set(gv, p);
    }
    return p;
  }

  /** Forgets cached group versions (a CRD was installed or removed). */
  invalidate(): void {
    this.resources.clear();
  }

  /** A discovery document; a 404 passes through as {@link KubeApiError} when `notFoundPasses`. */
  private async get(path: string, signal?: AbortSignal, notFoundPasses = false): Promise<unknown> {
    try {
      return await kubeRequest(this.credentials, path, signal ? { signal } : {});
    } catch (err) {
      const server = this.credentials.server ?? '(none)';
      // Discovery is open to every authenticated user; failing here means bad credentials or a failing server.
      if (err instanceof KubeApiError && err.status === 401)
        throw new ClusterUnauthorizedError(server, `${path}: ${err.message}`);
      if (err instanceof KubeApiError && !(notFoundPasses && err.status === 404))
        throw new ClusterUnreachableError(server, `${path}: ${err.message}`);
      throw err;
    }
  }
}
