/** What a request path addresses, as the apiserver's mux and `RequestInfoFactory` split it. */
export type Route =
  | { readonly type: 'version' }
  | { readonly type: 'health' }
  | { readonly type: 'api' }
  | { readonly type: 'apis' }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'groupVersion'; readonly group: string; readonly version: string }
  | { readonly type: 'openapiV2' }
  | { readonly type: 'openapiIndex' }
  | { readonly type: 'openapiGroupVersion'; readonly group: string; readonly version: string }
  | ResourceRoute;

export interface ResourceRoute {
  readonly type: 'resource';
  readonly group: string;
  readonly version: string;
  readonly namespace?: string;
  readonly plural: string;
  readonly name?: string;
  readonly subresource?: string;
  /** The deprecated `/watch/` path prefix. */
  readonly legacyWatch: boolean;
}

// Subresources of a namespace share the `/namespaces/<name>/<x>` shape with namespaced collections.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses a URL path; undefined = no handler (404). */
export function parseRoute(pathname: string): Route | undefined {
  const segs = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const [first, second, third] = segs;
  if (first === 'version' && segs.length === 1) return { type: 'version' };
  if ((first === 'healthz' || first === 'livez' || first === 'readyz') && segs.length === 1)
    return { type: 'health' };
  if (first === 'openapi' && second === 'v2' && segs.length === 2) return { type: 'openapiV2' };
  if (first === 'openapi' && second === 'v3') {
    const [, , api, g, v] = segs;
    if (segs.length === 2) return { type: 'openapiIndex' };
    if (api === 'api' && segs.length === 4 && g)
      return { type: 'openapiGroupVersion', group: '', version: g };
    if (api === 'apis' && segs.length === 5 && g && v)
      return { type: 'openapiGroupVersion', group: g, version: v };
    return undefined;
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (first === 'api') {
    if (segs.length === 1) return { type: 'api' };
    if (second !== 'v1') return undefined;
    if (segs.length === 2) return { type: 'groupVersion', group: '', version: 'v1' };
    group = '';
    version = second;
    rest = segs.slice(2);
  } else if (first === 'apis') {
    if (second === undefined) return { type: 'apis' };
    if (third === undefined) return { type: 'group', group: second };
    if (segs.length === 3) return { type: 'groupVersion', group: second, version: third };
    group = second;
    version = third;
    rest = segs.slice(3);
  } else {
    return undefined;
  }
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  const namespacedPath =
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2] ?? ''));
  if (namespacedPath) {
    if (rest.length > 5) return undefined;
    const [, namespace, plural, name, subresource] = rest;
    if (!namespace || !plural) return undefined;
    return { type: 'resource', group, version, namespace, plural, name, subresource, legacyWatch };
  }
  if (rest.length < 1 || rest.length > 3) return undefined;
  const [plural, name, subresource] = rest;
  if (!plural) return undefined;
  return { type: 'resource', group, version, plural, name, subresource, legacyWatch };
}
