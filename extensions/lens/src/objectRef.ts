import type { ObjectRef } from '../../../shared/src/ports/clusterSource.js';

/**
 * The fields of a host's Kubernetes object that the panels read. Structural, so that this module
 * stays host-free and a Lens `KubeObject` (or anything else shaped like an object) fits.
 */
export interface KubeObjectFields {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
}

/**
 * The object a details page shows, as the core names objects: plain data that the core's store is
 * queried with, never the host's object. `undefined` when the host handed over something without a
 * kind or a name, which a panel shows rather than throws on.
 */
export function objectRefOf(object: KubeObjectFields | undefined): ObjectRef | undefined {
  const kind = text(object?.kind);
  const name = text(object?.metadata?.name);
  if (!kind || !name) return undefined;
  const namespace = text(object?.metadata?.namespace);
  return { apiVersion: text(object?.apiVersion) ?? '', kind, ...(namespace ? { namespace } : {}), name };
}

/** `Deployment default/web`, `ClusterRole admin`: how panels name an object to a person. */
export function objectLabel(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
