import { ApiError, badRequest } from './status.js';
import { isObject } from './types.js';

/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw badRequest(
      `the server rejected our request due to an error in our request: invalid JSON pointer "${path}"`,
    );
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, parts: string[]): { parent: unknown; last: string } {
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObject(cur) ? cur[p] : undefined;
    if (cur === undefined)
      throw new ApiError(422, 'Invalid', `jsonpatch: path ${parts.join('/')} does not exist`);
  }
  return { parent: cur, last: parts[parts.length - 1] ?? '' };
}

function getAt(doc: unknown, parts: string[]): unknown {
  let cur = doc;
  for (const p of parts) cur = Array.isArray(cur) ? cur[Number(p)] : isObject(cur) ? cur[p] : undefined;
  return cur;
}

function removeAt(doc: unknown, parts: string[]): unknown {
  const { parent, last } = parentOf(doc, parts);
  const value = getAt(doc, parts);
  if (value === undefined)
    throw new ApiError(
      422,
      'Invalid',
      `jsonpatch remove operation does not apply: doc is missing path: "/${parts.join('/')}"`,
    );
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent)) delete parent[last];
  return value;
}

function addAt(doc: unknown, parts: string[], value: unknown, replace: boolean): unknown {
  if (parts.length === 0) return value;
  const { parent, last } = parentOf(doc, parts);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    if (replace && !(last in parent)) {
      throw new ApiError(
        422,
        'Invalid',
        `jsonpatch replace operation does not apply: doc is missing key: /${parts.join('/')}`,
      );
    }
    parent[last] = value;
  } else {
    throw new ApiError(
      422,
      'Invalid',
      `jsonpatch add operation does not apply: doc is missing path: "/${parts.join('/')}"`,
    );
  }
  return doc;
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string')
      throw badRequest('invalid JSON patch operation');
    const parts = pointer(op.path);
    switch (op.op) {
      case 'add':
        doc = addAt(doc, parts, structuredClone(op.value), false);
        break;
      case 'replace':
        doc = addAt(doc, parts, structuredClone(op.value), true);
        break;
      case 'remove':
        removeAt(doc, parts);
        break;
      case 'move':
      case 'copy': {
        const from = pointer(typeof op.from === 'string' ? op.from : '');
        const value = op.op === 'move' ? removeAt(doc, from) : structuredClone(getAt(doc, from));
        doc = addAt(doc, parts, value, false);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, parts)) !== JSON.stringify(op.value)) {
          throw new ApiError(422, 'Invalid', `testing value /${parts.join('/')} failed: test failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
