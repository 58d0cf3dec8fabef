import type { KubeObj, PrinterColumn, ResourceType } from './types.js';
import { isObject } from './types.js';

/** meta.k8s.io/v1 TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: ColumnDefinition[];
  rows: Array<{ cells: unknown[]; object: unknown }>;
}

/** The Name column every server-side table starts with (text from ObjectMeta's field doc). */
const NAME_COLUMN: ColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

/** What apiextensions defaults `additionalPrinterColumns` to when a CRD version lists none. */
const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

/** `duration.HumanDuration` from k8s.io/apimachinery, so ages read as kubectl users expect. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8)
    return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** Evaluates the simple JSONPath subset CRD columns use: `.a.b.c`, `.a[0].b`, `.a['x.y']`. */
export function evalSimpleJsonPath(obj: unknown, path: string): unknown {
  const parts: Array<string | number> = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else parts.push(m[3] ?? m[4] ?? '');
  }
  let cur: unknown = obj;
  for (const part of parts) {
    if (typeof part === 'number') cur = Array.isArray(cur) ? cur[part] : undefined;
    else cur = isObject(cur) ? cur[part] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * A cell value typed as apiextensions' `cellForJSONValue`: a value of the wrong type gives
 * null (kubectl prints `<none>`); dates become ages.
 */
function cell(type: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const t = Date.parse(value);
      return Number.isNaN(t) ? '<invalid>' : humanDuration(now - t);
    }
    default:
      // string columns print any JSON value the way fmt.Fprint would
      return typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  }
}

function columnsOf(rt: ResourceType): PrinterColumn[] {
  return rt.printerColumns.length > 0 ? [...rt.printerColumns] : [AGE_COLUMN];
}

/** `includeObject` of a Table request: None, Object, or PartialObjectMetadata (the default). */
export type IncludeObject = 'None' | 'Object' | 'Metadata';

function rowObject(obj: KubeObj, include: IncludeObject): unknown {
  if (include === 'None') return null;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * The server-side `Table` for objects of one resource, as kubectl asks with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. CRDs use their
 * `additionalPrinterColumns` for the version; built-ins get Name and Age (the real server has
 * per-kind printers; the product does not read those columns).
 */
export function toTable(
  rt: ResourceType,
  objects: readonly KubeObj[],
  metadata: Table['metadata'],
  include: IncludeObject,
  tableVersion = 'v1',
): Table {
  const columns = columnsOf(rt);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${tableVersion}`,
    metadata,
    columnDefinitions: [
      NAME_COLUMN,
      ...columns.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? '',
        description: c.description ?? '',
        priority: c.priority ?? 0,
      })),
    ],
    rows: objects.map((obj) => ({
      cells: [
        obj.metadata.name ?? '',
        ...columns.map((c) => cell(c.type, evalSimpleJsonPath(obj, c.jsonPath), now)),
      ],
      object: rowObject(obj, include),
    })),
  };
}
