import type { KubeObj } from './types.js';

/**
 * `meta.AsPartialObjectMetadata`: the object's metadata under `meta.k8s.io` kind
 * PartialObjectMetadata, what `Accept: …;as=PartialObjectMetadata;g=meta.k8s.io;v=v1` asks for
 * (apiserver `handlers/response.go`, `asPartialObjectMetadata`).
 */
export function asPartialObjectMetadata(obj: KubeObj, version: string): KubeObj {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

/** `asPartialObjectMetadataList`: every item as PartialObjectMetadata, the list's metadata kept. */
export function asPartialObjectMetadataList(
  items: readonly KubeObj[],
  listMeta: Record<string, unknown>,
  version: string,
): object {
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: listMeta,
    items: items.map((o) => asPartialObjectMetadata(o, version)),
  };
}
