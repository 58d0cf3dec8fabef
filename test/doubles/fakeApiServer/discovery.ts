import type { ResourceRegistry } from './registry.js';
import type { ResourceType } from './types.js';
import { groupVersion } from './types.js';

/** `/version`: what kubectl prints as "Server Version". */
export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-fake',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `/api`: the legacy core group's versions. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string, versions: readonly string[]): object {
  const entries = versions.map((v) => ({ groupVersion: groupVersion(name, v), version: v }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

/**
 * `/apis` as an `APIGroupList`. Served as plain JSON even when the client asks for aggregated
 * discovery (`as=APIGroupDiscoveryList`): clients, kubectl 1.32 included, then fall back to
 * per-group-version discovery, which is what this server offers.
 */
export function apiGroupList(registry: ResourceRegistry): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map((g) => groupEntry(g.name, g.versions)),
  };
}

/** `/apis/<group>`; undefined when the group is not served. */
export function apiGroup(registry: ResourceRegistry, name: string): object | undefined {
  const group = registry.groups().find((g) => g.name === name);
  return group && { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group.name, group.versions) };
}

function resourceEntry(rt: ResourceType): object {
  return {
    name: rt.plural,
    singularName: rt.singular,
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: [...rt.verbs],
    ...(rt.shortNames.length > 0 ? { shortNames: [...rt.shortNames] } : {}),
    ...(rt.categories.length > 0 ? { categories: [...rt.categories] } : {}),
  };
}

/** `/api/v1` or `/apis/<group>/<version>` as an `APIResourceList`; undefined when not served. */
export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
): object | undefined {
  const resources = registry.inGroupVersion(group, version);
  if (resources.length === 0) return undefined;
  const entries = resources.flatMap((rt) => [
    resourceEntry(rt),
    // Subresources are listed as `plural/sub` entries; clients skip them for `api-resources`.
    ...(rt.statusSubresource
      ? [
          {
            name: `${rt.plural}/status`,
            singularName: '',
            namespaced: rt.namespaced,
            kind: rt.kind,
            verbs: ['get', 'patch', 'update'],
          },
        ]
      : []),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: entries,
  };
}
