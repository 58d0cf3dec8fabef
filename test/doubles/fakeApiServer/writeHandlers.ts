import type { Cluster } from './cluster.js';
import { sendJson } from './negotiation.js';
import { jsonPatch, mergePatch } from './patch.js';
import type { RequestInput } from './resourceHandler.js';
import type { ResourceRoute } from './routes.js';
import { fieldMatcher, labelMatcher } from './selectors.js';
import { ApiError, badRequest, notFound, resourceNotFound } from './status.js';
import type { KubeObj, ResourceType } from './types.js';
import { groupVersion, isObject } from './types.js';

// Stores that answer a delete with the object (`ReturnDeletedObject: true` in their registry),
// the others answer with a Success Status.
const RETURNS_DELETED_OBJECT = new Set([
  '/pods',
  '/serviceaccounts',
  '/namespaces',
  'apiextensions.k8s.io/customresourcedefinitions',
]);

function asObject(body: unknown): KubeObj {
  if (!isObject(body)) throw badRequest('the body of the request was not a JSON object');
  const metadata = isObject(body.metadata) ? body.metadata : {};
  return {
    ...body,
    apiVersion: String(body.apiVersion ?? ''),
    kind: String(body.kind ?? ''),
    metadata,
  } as KubeObj;
}

function checkTypeMeta(rt: ResourceType, obj: KubeObj): void {
  const expected = groupVersion(rt.group, rt.version);
  if (obj.apiVersion && obj.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
    );
  }
  if (obj.kind && obj.kind !== rt.kind)
    throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${rt.kind})`);
}

/**
 * Serves the writing verbs (create, update, patch, delete, deletecollection) on a resource whose
 * authorization and existence were already checked.
 */
export function handleWrite(
  cluster: Cluster,
  rt: ResourceType,
  route: ResourceRoute,
  verb: string,
  input: RequestInput,
): void {
  const { req, res, query } = input;
  const served = (obj: KubeObj): KubeObj => ({ ...obj, apiVersion: groupVersion(rt.group, rt.version) });
  switch (verb) {
    case 'create': {
      const obj = asObject(input.body);
      checkTypeMeta(rt, obj);
      if (rt.namespaced && obj.metadata.namespace && obj.metadata.namespace !== route.namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      if (rt.namespaced && route.namespace === undefined) throw resourceNotFound();
      const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, ...meta } = obj.metadata;
      const created = cluster.create(rt, {
        ...obj,
        metadata: { ...meta, ...(rt.namespaced ? { namespace: route.namespace } : {}) },
      });
      sendJson(res, 201, served(created));
      return;
    }
    case 'update':
    case 'patch': {
      const name = route.name ?? '';
      const existing = cluster.store.get(rt, route.namespace, name);
      let next: KubeObj;
      if (verb === 'update') {
        next = asObject(input.body);
        checkTypeMeta(rt, next);
        if (next.metadata.name !== name) {
          throw badRequest(
            `the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`,
          );
        }
        if (rt.namespaced && next.metadata.namespace && next.metadata.namespace !== route.namespace) {
          throw badRequest(
            'the namespace of the provided object does not match the namespace sent on the request',
          );
        }
      } else {
        if (!existing) throw notFound(rt.group, rt.plural, name);
        next = asObject(applyPatch(rt, existing, req.headers['content-type'], input.body));
      }
      if (!existing) throw notFound(rt.group, rt.plural, name);
      // With a status subresource, the main resource ignores status and /status ignores the rest.
      if (rt.statusSubresource && route.subresource === 'status')
        next = {
          ...existing,
          status: next.status,
          metadata: { ...existing.metadata, resourceVersion: next.metadata.resourceVersion },
        };
      else if (rt.statusSubresource) next = { ...next, status: existing.status };
      const updated = cluster.update(rt, {
        ...next,
        metadata: { ...next.metadata, ...(rt.namespaced ? { namespace: route.namespace } : {}) },
      });
      sendJson(res, 200, served(updated));
      return;
    }
    case 'delete': {
      const deleted = cluster.delete(rt, route.namespace, route.name ?? '');
      if (RETURNS_DELETED_OBJECT.has(`${rt.group}/${rt.plural}`)) sendJson(res, 200, served(deleted));
      else {
        sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name: deleted.metadata.name,
            group: rt.group,
            kind: rt.plural,
            uid: deleted.metadata.uid,
          },
        });
      }
      return;
    }
    case 'deletecollection': {
      const labels = labelMatcher(query.get('labelSelector'));
      const fields = fieldMatcher(query.get('fieldSelector'), rt.kind);
      const doomed = cluster.store.list(rt, route.namespace).filter((o) => labels(o) && fields(o));
      const items = doomed.map((o) =>
        served(cluster.delete(rt, o.metadata.namespace, o.metadata.name ?? '')),
      );
      sendJson(res, 200, {
        apiVersion: groupVersion(rt.group, rt.version),
        kind: rt.listKind,
        metadata: { resourceVersion: String(cluster.store.currentRv) },
        items,
      });
      return;
    }
    default:
      throw new ApiError(405, 'MethodNotAllowed', `${verb} is not supported`);
  }
}

function applyPatch(
  rt: ResourceType,
  existing: KubeObj,
  contentType: string | undefined,
  patch: unknown,
): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim();
  switch (type) {
    case 'application/merge-patch+json':
      return mergePatch(existing, patch);
    case 'application/json-patch+json':
      return jsonPatch(existing, patch);
    case 'application/strategic-merge-patch+json':
      // Custom resources have no strategic-merge schema; built-ins get a plain merge here (lists
      // are replaced rather than merged by key: good enough for labels, annotations and status).
      if (rt.crd === undefined) return mergePatch(existing, patch);
      break;
    default:
      break;
  }
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json${rt.crd === undefined ? ', application/strategic-merge-patch+json' : ''}`,
  );
}
