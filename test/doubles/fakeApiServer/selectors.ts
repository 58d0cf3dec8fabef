import { badRequest } from './status.js';
import type { KubeObj } from './types.js';
import { isObject } from './types.js';

/** One requirement of a label or field selector. */
interface Requirement {
  readonly key: string;
  readonly op: 'in' | 'notin' | 'exists' | '!exists';
  readonly values: readonly string[];
}

export type Matcher = (obj: KubeObj) => boolean;

/** Splits at commas that are not inside `( )`, as `labels.Parse` tokenises. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseRequirement(text: string, kind: 'label' | 'field'): Requirement {
  let m = /^(!?)\s*([A-Za-z0-9_.\-/]+)$/.exec(text);
  if (m && kind === 'label') return { key: m[2] ?? '', op: m[1] ? '!exists' : 'exists', values: [] };
  m = /^([A-Za-z0-9_.\-/]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
  if (m) return { key: m[1] ?? '', op: m[2] === '!=' ? 'notin' : 'in', values: [(m[3] ?? '').trim()] };
  m = /^([A-Za-z0-9_.\-/]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (m && kind === 'label') {
    const values = (m[3] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { key: m[1] ?? '', op: m[2] === 'notin' ? 'notin' : 'in', values };
  }
  throw badRequest(`unable to parse requirement: ${JSON.stringify(text)}`);
}

function matches(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
  }
}

/** A `labelSelector` (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma = and). */
export function labelMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const reqs = splitTopLevel(selector).map((r) => parseRequirement(r, 'label'));
  return (obj) => reqs.every((r) => matches(r, obj.metadata.labels?.[r.key]));
}

// Fields every resource supports (apiserver's DefaultClusterScopedAttr/DefaultNamespaceScopedAttr),
// plus the Pod fields clients commonly select on.
const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];
const EXTRA_FIELDS: Record<string, readonly string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
  ],
  Namespace: ['status.phase'],
  // What `kubectl describe` selects events by.
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'type',
  ],
};

function fieldValue(obj: KubeObj, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) cur = isObject(cur) ? cur[part] : undefined;
  if (cur === undefined && path === 'metadata.namespace') return '';
  return cur === undefined || cur === null ? '' : String(cur);
}

/**
 * A `fieldSelector` (`=`, `==`, `!=`, comma = and). Unknown fields answer 400 as the real server
 * does (`"x" is not a known field selector`), naming the fields it supports.
 */
export function fieldMatcher(selector: string | null, kind: string): Matcher {
  if (!selector) return () => true;
  const supported = [...COMMON_FIELDS, ...(EXTRA_FIELDS[kind] ?? [])];
  const reqs = splitTopLevel(selector).map((r) => parseRequirement(r, 'field'));
  for (const r of reqs) {
    if (!supported.includes(r.key)) {
      throw badRequest(`field label not supported: ${r.key}`);
    }
  }
  return (obj) => reqs.every((r) => matches(r, fieldValue(obj, r.key)));
}
