import { ApiError, badRequest } from './status.js';

/**
 * kubectl's typed clients (e.g. `kubectl auth can-i`) send built-in objects as Kubernetes
 * protobuf: the magic `k8s\0` then a `runtime.Unknown` envelope whose `raw` field holds the
 * object's message. This reads just enough of that wire format to decode the review requests; the
 * server answers in JSON, which those clients also accept.
 */

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Field number → raw values (varints as numbers, length-delimited as Buffers), repeated kept in order. */
type Fields = Map<number, Array<number | Buffer>>;

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos];
    if (byte === undefined) throw badRequest('protobuf: truncated varint');
    pos++;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

function readFields(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = readVarint(buf, pos);
    pos = next;
    const field = Math.floor(tag / 8);
    let value: number | Buffer;
    switch (tag & 7) {
      case 0:
        [value, pos] = readVarint(buf, pos);
        break;
      case 1:
        value = buf.subarray(pos, pos + 8);
        pos += 8;
        break;
      case 2: {
        const [len, start] = readVarint(buf, pos);
        value = buf.subarray(start, start + len);
        pos = start + len;
        break;
      }
      case 5:
        value = buf.subarray(pos, pos + 4);
        pos += 4;
        break;
      default:
        throw badRequest(`protobuf: unsupported wire type ${tag & 7}`);
    }
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

function message(fields: Fields, n: number): Fields | undefined {
  const v = fields.get(n)?.[0];
  return Buffer.isBuffer(v) ? readFields(v) : undefined;
}

function str(fields: Fields | undefined, n: number): string | undefined {
  const v = fields?.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
}

function defined(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
}

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim() === 'application/vnd.kubernetes.protobuf';
}

/** A `map<string,string>` field: repeated entries with key 1 and value 2. */
function stringMap(fields: Fields | undefined, n: number): Record<string, string> | undefined {
  const entries = fields?.get(n);
  if (!entries) return undefined;
  const out: Record<string, string> = {};
  for (const entry of entries) {
    if (!Buffer.isBuffer(entry)) continue;
    const kv = readFields(entry);
    out[str(kv, 1) ?? ''] = str(kv, 2) ?? '';
  }
  return out;
}

/** ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto): the fields a create sends. */
function objectMeta(fields: Fields | undefined): Record<string, unknown> {
  const labels = stringMap(fields, 11);
  const annotations = stringMap(fields, 12);
  return {
    ...defined({ name: str(fields, 1), generateName: str(fields, 2), namespace: str(fields, 3) }),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/**
 * Decodes a protobuf-encoded object of the kinds kubectl's typed clients create here:
 * `SelfSubjectAccessReview`, `SelfSubjectRulesReview` (k8s.io/api/authorization/v1/generated.proto),
 * `Namespace` and `ConfigMap` (k8s.io/api/core/v1/generated.proto). Other kinds answer 415: the
 * fake does not carry their schemas, and dropping fields silently would mislead a test.
 */
export function decodeObject(body: Buffer): object {
  if (!body.subarray(0, 4).equals(MAGIC)) throw badRequest('protobuf: missing k8s magic prefix');
  const unknown = readFields(body.subarray(4));
  const typeMeta = message(unknown, 1);
  const kind = str(typeMeta, 2);
  const apiVersion = str(typeMeta, 1);
  const raw = unknown.get(2)?.[0];
  const object = Buffer.isBuffer(raw) ? readFields(raw) : new Map();
  const spec = message(object, 2);
  switch (kind) {
    case 'Namespace':
      return { apiVersion, kind, metadata: objectMeta(message(object, 1)) };
    case 'ConfigMap': {
      const data = stringMap(object, 2);
      return { apiVersion, kind, metadata: objectMeta(message(object, 1)), ...(data ? { data } : {}) };
    }
    case 'SelfSubjectRulesReview':
      return { apiVersion, kind, spec: defined({ namespace: str(spec, 1) }) };
    case 'SelfSubjectAccessReview':
      break;
    default:
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the fake API server decodes protobuf only for Namespace, ConfigMap and self-subject reviews, not ${kind ?? '(none)'}: send JSON`,
      );
  }
  const ra = spec && message(spec, 1);
  const nra = spec && message(spec, 2);
  return {
    apiVersion,
    kind,
    spec: {
      ...(ra
        ? {
            resourceAttributes: defined({
              namespace: str(ra, 1),
              verb: str(ra, 2),
              group: str(ra, 3),
              version: str(ra, 4),
              resource: str(ra, 5),
              subresource: str(ra, 6),
              name: str(ra, 7),
            }),
          }
        : {}),
      ...(nra ? { nonResourceAttributes: defined({ path: str(nra, 1), verb: str(nra, 2) }) } : {}),
    },
  };
}
