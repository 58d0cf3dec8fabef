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

/** The Table version when the Accept header asks for `as=Table;g=meta.k8s.io` first; else undefined. */
export function tableVersion(accept: string | undefined): string | undefined {
  for (const entry of (accept ?? '').split(',')) {
    const [type, ...paramTexts] = entry.split(';').map((s) => s.trim());
    const params = new Map(paramTexts.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    if (
      params.get('as') === 'Table' &&
      params.get('g') === 'meta.k8s.io' &&
      (type === 'application/json' || type === '*/*')
    ) {
      const v = params.get('v');
      if (v === 'v1' || v === 'v1beta1') return v;
    }
    if (!params.has('as') && (type === 'application/json' || type === '*/*')) return undefined;
  }
  return undefined;
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
