import type { KubeObject, OwnerReference } from '../ports/clusterSource.js';

/** An item of a list or the object of a watch event that can be read: an object with `metadata`. */
export function isKubeObject(o: unknown): o is KubeObject {
  return typeof o === 'object' && o !== null && typeof (o as { metadata?: unknown }).metadata === 'object';
}

/** An entry of `metadata.ownerReferences` with what owner resolution needs. */
export function isOwnerReference(v: unknown): v is OwnerReference {
  const o = v as Partial<OwnerReference> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.apiVersion === 'string' &&
    typeof o.kind === 'string' &&
    typeof o.name === 'string'
  );
}
