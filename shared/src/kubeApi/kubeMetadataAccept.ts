import { KubeApiError } from './kubeApiError.js';

const JSON_ONLY = 'application/json';

/**
 * The Accept header of metadata-only reads, as client-go's metadata client sends it (without its
 * protobuf entry): `as=PartialObjectMetadata[List]` first, then plain JSON. An API server
 * answers with metadata only; one without the conversion (some aggregated servers, proxies)
 * answers with whole objects of the resource's own kind, which callers read the same way (only
 * `metadata` is looked at, as client-go decodes such an answer into PartialObjectMetadata). One
 * that refuses the header with 406 Not Acceptable is asked with plain JSON from then on.
 */
export class MetadataAccept {
  private refused = false;

  /** Whether headers still ask for metadata only (no server refused them yet). */
  get asksForMetadata(): boolean {
    return !this.refused;
  }

  /** The header for one object (`list` false) or a collection. */
  header(list: boolean): string {
    if (this.refused) return JSON_ONLY;
    return `application/json;as=PartialObjectMetadata${list ? 'List' : ''};g=meta.k8s.io;v=v1,${JSON_ONLY}`;
  }

  /** Whether `err` is the server refusing the header; if so, later headers are plain JSON and the caller asks once more. */
  refusedBy(err: unknown): boolean {
    if (!(err instanceof KubeApiError) || err.status !== 406) return false;
    this.refused = true;
    return true;
  }
}
