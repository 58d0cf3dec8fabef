// The requests of a `ClusterSource` beside its watches, over either transport, so the Node and the
// Lens sources answer alike: which namespaces exist, an object's owners, a report's deletion.
import type { ReportKind } from '../model/reportKinds.js';
import { ClusterUnreachableError, type ObjectRef, type OwnerReference } from '../ports/clusterSource.js';
import type { KubeTransport } from '../ports/kubeTransport.js';
import { describeNetworkError, KubeApiError } from './kubeApiError.js';
import { apiVersionOf, resourcePath } from './kubeApiPath.js';
import { listPages } from './kubeListPages.js';
import type { MetadataAccept } from './kubeMetadataAccept.js';
import { isOwnerReference } from './kubeObjects.js';

/** `ClusterSource.namespaces`: the names, page by page; `undefined` when listing them is forbidden. */
export async function listNamespaces(
  transport: KubeTransport,
  signal?: AbortSignal,
): Promise<readonly string[] | undefined> {
  const names: string[] = [];
  try {
    for await (const page of listPages<{ metadata?: { name?: unknown } }>(
      transport,
      resourcePath({ apiVersion: 'v1', plural: 'namespaces' }),
      { limit: 500, ...(signal ? { signal } : {}) },
    )) {
      for (const item of page.items)
        if (typeof item?.metadata?.name === 'string') names.push(item.metadata.name);
    }
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 403) return undefined;
    throw unreachable(transport, err, 'namespaces');
  }
  return names;
}

/** `ClusterSource.namespaceExists`: a read of the namespace; 404 says no, 403 cannot tell. */
export async function namespaceExists(
  transport: KubeTransport,
  name: string,
  signal?: AbortSignal,
): Promise<boolean | undefined> {
  try {
    // A Namespace is small: read whole, with no metadata-only negotiation to fall back from.
    await transport.request(
      resourcePath({ apiVersion: 'v1', plural: 'namespaces', name }),
      signal ? { signal } : {},
    );
    return true;
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return false;
    if (err instanceof KubeApiError && err.status === 403) return undefined;
    throw unreachable(transport, err, `namespace ${name}`);
  }
}

/**
 * An object's `ownerReferences` from a GET of its metadata (the whole object where the server
 * refuses metadata-only answers); `undefined` when it is gone or reading it is forbidden.
 */
export async function ownerReferencesOf(
  transport: KubeTransport,
  ref: ObjectRef,
  plural: string,
  metadata: MetadataAccept,
): Promise<readonly OwnerReference[] | undefined> {
  const path = resourcePath({
    apiVersion: ref.apiVersion,
    plural,
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
  });
  const get = () => transport.request(path, { accept: metadata.header(false) });
  try {
    const obj = (await get().catch((err: unknown) =>
      metadata.refusedBy(err) ? get() : Promise.reject(err),
    )) as { metadata?: { ownerReferences?: unknown } } | null | undefined;
    const refs = obj?.metadata?.ownerReferences;
    return Array.isArray(refs) ? refs.filter(isOwnerReference) : [];
  } catch (err) {
    if (err instanceof KubeApiError && (err.status === 403 || err.status === 404)) return undefined;
    throw err;
  }
}

/**
 * `ClusterSource.deleteReport`: a report already gone is what was asked; a refusal says the
 * server's message (a person reads it after confirming the rescan).
 */
export async function deleteReport(
  transport: KubeTransport,
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
    await transport.request(path, { method: 'DELETE' });
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return;
    if (err instanceof KubeApiError)
      throw new Error(
        `cannot delete ${kind.kind} ${namespace ? `${namespace}/` : ''}${name}: ${err.serverMessage}`,
      );
    throw unreachable(transport, err, `${kind.kind} ${name}`);
  }
}

/** What the port promises callers of these requests: an unreachable cluster, with what failed. */
function unreachable(transport: KubeTransport, err: unknown, what: string): ClusterUnreachableError {
  if (err instanceof ClusterUnreachableError) return err;
  return new ClusterUnreachableError(transport.server, `${what}: ${describeNetworkError(err)}`);
}
