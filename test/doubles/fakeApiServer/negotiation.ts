import type { ServerResponse } from 'node:http';
import type { IncludeObject } from './table.js';

/** Writes a JSON body with the headers the API server sends. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/** A conversion the client asked for with `as=…;g=meta.k8s.io;v=…` in its Accept header. */
export interface OutputAs {
  readonly kind: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';
  /** `v1` or `v1beta1` of meta.k8s.io. */
  readonly version: string;
}

const CONVERSIONS = new Set(['Table', 'PartialObjectMetadata', 'PartialObjectMetadataList']);

/**
 * What to serve for an Accept header, as `negotiation.NegotiateOutputMediaType` picks it: the first
 * entry the server can serve decides, a plain JSON entry meaning the object as stored. The fake
 * serves JSON only, so protobuf and YAML entries are passed over (kubectl and client-go list
 * protobuf first, JSON after).
 */
export function outputAs(accept: string | undefined): OutputAs | undefined {
  for (const entry of (accept ?? '').split(',')) {
    const [type, ...paramTexts] = entry.split(';').map((s) => s.trim());
    if (type !== 'application/json' && type !== '*/*') continue;
    const params = new Map(paramTexts.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    const as = params.get('as');
    if (as === undefined) return undefined;
    const v = params.get('v');
    if (CONVERSIONS.has(as) && params.get('g') === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1'))
      return { kind: as as OutputAs['kind'], version: v };
  }
  return undefined;
}

/** The Table version when the Accept header asks for `as=Table;g=meta.k8s.io` first; else undefined. */
export function tableVersion(accept: string | undefined): string | undefined {
  const as = outputAs(accept);
  return as?.kind === 'Table' ? as.version : undefined;
}

/** `includeObject` of a Table request (default: PartialObjectMetadata). */
export function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** A boolean query parameter parsed like Go's strconv.ParseBool; undefined when absent. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v);
}
