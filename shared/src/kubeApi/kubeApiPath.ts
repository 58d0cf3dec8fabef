/** What a request addresses: a resource of a group version, optionally in a namespace and by name. */
export interface ResourceAddress {
  /** `v1` for the core group, `apps/v1`, `aquasecurity.github.io/v1alpha1` for the others. */
  readonly apiVersion: string;
  /** The resource's plural, e.g. `vulnerabilityreports`. */
  readonly plural: string;
  readonly namespace?: string;
  readonly name?: string;
}

/**
 * The path of a group version: the core group is served under `/api/v1`, every other group under
 * `/apis/<group>/<version>` (as client-go's `metadata` client builds its URL segments).
 */
export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** `apiVersion` of a group and version: the core group's is the bare version. */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The path of a collection or one object, names and namespaces escaped. */
export function resourcePath(address: ResourceAddress): string {
  const ns = address.namespace !== undefined ? `/namespaces/${encodeURIComponent(address.namespace)}` : '';
  const name = address.name !== undefined ? `/${encodeURIComponent(address.name)}` : '';
  return `${groupVersionPath(address.apiVersion)}${ns}/${address.plural}${name}`;
}
