import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from './cluster.js';
import { listObjects } from './list.js';
import { jsonPatch, mergePatch } from './patch.js';
import type { FakeUser, ForbidRule, RequestAttributes } from './rbac.js';
import { forbiddenError, isAllowed } from './rbac.js';
import { selfSubjectAccessReview, selfSubjectRulesReview } from './reviews.js';
import type { ResourceRoute } from './routes.js';
import { fieldMatcher, labelMatcher } from './selectors.js';
import { ApiError, badRequest, methodNotSupported, notFound, resourceNotFound } from './status.js';
import type { IncludeObject } from './table.js';
import { toTable } from './table.js';
import type { KubeObj, ResourceType } from './types.js';
import { groupVersion, isObject } from './types.js';
import type { OpenWatch, WatchOptions } from './watch.js';
import { serveWatch } from './watch.js';

/** What a resource request needs from the server around it. */
export interface ResourceContext {
  readonly cluster: Cluster;
  readonly forbidden: readonly ForbidRule[];
  readonly watchOptions: WatchOptions;
  readonly openWatches: Set<OpenWatch>;
}

/** Body of a request, read before dispatch (undefined for GET/DELETE without body). */
export interface RequestInput {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly user: FakeUser;
}

// Stores that answer a delete with the object (`ReturnDeletedObject: true` in their registry),
// the others answer with a Success Status.
const RETURNS_DELETED_OBJECT = new Set(['/pods', '/serviceaccounts', '/namespaces', 'apiextensions.k8s.io/customresourcedefinitions']);

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/** The Table version when the Accept header asks for `as=Table;g=meta.k8s.io` first; else undefined. */
export function tableVersion(accept: string | undefined): string | undefined {
  for (const entry of (accept ?? '').split(',')) {
    const [type, ...paramTexts] = entry.split(';').map((s) => s.trim());
    const params = new Map(paramTexts.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io' && (type === 'application/json' || type === '*/*')) {
      const v = params.get('v');
      if (v === 'v1' || v === 'v1beta1') return v;
    }
    if (!params.has('as') && (type === 'application/json' || type === '*/*')) return undefined;
  }
  return undefined;
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v);
}

function verbOf(method: string, route: ResourceRoute, query: URLSearchParams): string {
  const watch = route.legacyWatch || boolParam(query, 'watch') === true;
  switch (method) {
    case 'GET':
    case 'HEAD':
      return watch ? 'watch' : route.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** Request attributes as `RequestInfoFactory` derives them (a Namespace's own name is its namespace). */
function attributesOf(route: ResourceRoute, verb: string): RequestAttributes {
  const namespace = route.group === '' && route.plural === 'namespaces' && route.name ? route.name : route.namespace;
  return {
    verb,
    group: route.group,
    resource: route.plural,
    ...(route.subresource ? { subresource: route.subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(route.name ? { name: route.name } : {}),
  };
}

function asObject(body: unknown): KubeObj {
  if (!isObject(body)) throw badRequest('the body of the request was not a JSON object');
  const metadata = isObject(body.metadata) ? body.metadata : {};
  return { ...body, apiVersion: String(body.apiVersion ?? ''), kind: String(body.kind ?? ''), metadata } as KubeObj;
}

function checkTypeMeta(rt: ResourceType, obj: KubeObj): void {
  const expected = groupVersion(rt.group, rt.version);
  if (obj.apiVersion && obj.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj.kind && obj.kind !== rt.kind) throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${rt.kind})`);
}

/** Serves one request on a resource path (after authentication). */
export function handleResource(ctx: ResourceContext, route: ResourceRoute, input: RequestInput): void {
  const { req, res, query, user } = input;
  const method = req.method ?? 'GET';
  const verb = verbOf(method, route, query);
  const attrs = attributesOf(route, verb);
  if (!isAllowed(user, attrs, ctx.forbidden)) throw forbiddenError(user.name, attrs);

  const rt = ctx.cluster.registry.resolve(route.group, route.version, route.plural);
  if (!rt) throw resourceNotFound();
  if (rt.namespaced ? route.name !== undefined && route.namespace === undefined : route.namespace !== undefined) throw resourceNotFound();
  if (!rt.verbs.includes(verb)) throw methodNotSupported(rt.group, rt.plural, verb);
  if (route.subresource !== undefined && !(route.subresource === 'status' && rt.statusSubresource)) throw resourceNotFound();

  if (rt.group === 'authorization.k8s.io') {
    const review = rt.plural === 'selfsubjectaccessreviews' ? selfSubjectAccessReview(user, input.body, ctx.forbidden) : selfSubjectRulesReview(user, input.body);
    sendJson(res, 201, review);
    return;
  }
  const cluster = ctx.cluster;
  const served = (obj: KubeObj): KubeObj => ({ ...obj, apiVersion: groupVersion(rt.group, rt.version) });
  const table = tableVersion(req.headers.accept);

  switch (verb) {
    case 'get': {
      const obj = cluster.store.get(rt, route.namespace, route.name ?? '');
      if (!obj) throw notFound(rt.group, rt.plural, route.name ?? '');
      if (table) {
        const t = toTable(rt, [served(obj)], { resourceVersion: obj.metadata.resourceVersion ?? '' }, includeObject(query), table);
        sendJson(res, 200, t, `application/json;as=Table;v=${table};g=meta.k8s.io`);
      } else sendJson(res, 200, served(obj));
      return;
    }
    case 'list': {
      const labelSelector = query.get('labelSelector');
      const fieldSelector = query.get('fieldSelector');
      const limitText = query.get('limit');
      const result = listObjects(cluster, rt, route.namespace, {
        resourceVersion: query.get('resourceVersion') ?? undefined,
        resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
        limit: limitText === null ? undefined : Number(limitText),
        continueToken: query.get('continue') ?? undefined,
        labels: labelMatcher(labelSelector),
        fields: fieldMatcher(fieldSelector, rt.kind),
        filtered: Boolean(labelSelector || fieldSelector),
      });
      const metadata = {
        resourceVersion: result.resourceVersion,
        ...(result.continueToken ? { continue: result.continueToken } : {}),
        ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}),
      };
      const items = result.items.map(served);
      if (table) {
        sendJson(res, 200, toTable(rt, items, metadata, includeObject(query), table), `application/json;as=Table;v=${table};g=meta.k8s.io`);
      } else {
        sendJson(res, 200, { apiVersion: groupVersion(rt.group, rt.version), kind: rt.listKind, metadata, items });
      }
      return;
    }
    case 'watch': {
      const timeout = query.get('timeoutSeconds');
      const sendInitial = boolParam(query, 'sendInitialEvents');
      const fieldSelector = route.name ? `metadata.name=${route.name}` : query.get('fieldSelector');
      const watch = serveWatch(
        cluster,
        rt,
        route.namespace,
        {
          resourceVersion: query.get('resourceVersion') ?? undefined,
          resourceVersionMatch: query.get('resourceVersionMatch') ?? undefined,
          allowWatchBookmarks: boolParam(query, 'allowWatchBookmarks') === true,
          ...(sendInitial !== undefined ? { sendInitialEvents: sendInitial } : {}),
          ...(timeout !== null ? { timeoutSeconds: Number(timeout) } : {}),
          labels: labelMatcher(query.get('labelSelector')),
          fields: fieldMatcher(fieldSelector, rt.kind),
          ...(table ? { table: { include: includeObject(query), version: table } } : {}),
        },
        res,
        ctx.watchOptions,
      );
      ctx.openWatches.add(watch);
      res.on('close', () => ctx.openWatches.delete(watch));
      return;
    }
    case 'create': {
      const obj = asObject(input.body);
      checkTypeMeta(rt, obj);
      if (rt.namespaced && obj.metadata.namespace && obj.metadata.namespace !== route.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (rt.namespaced && route.namespace === undefined) throw resourceNotFound();
      const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, ...meta } = obj.metadata;
      const created = cluster.create(rt, { ...obj, metadata: { ...meta, ...(rt.namespaced ? { namespace: route.namespace } : {}) } });
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
          throw badRequest(`the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`);
        }
        if (rt.namespaced && next.metadata.namespace && next.metadata.namespace !== route.namespace) {
          throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
        }
      } else {
        if (!existing) throw notFound(rt.group, rt.plural, name);
        next = asObject(applyPatch(rt, existing, req.headers['content-type'], input.body));
      }
      if (!existing) throw notFound(rt.group, rt.plural, name);
      // With a status subresource, the main resource ignores status and /status ignores the rest.
      if (rt.statusSubresource && route.subresource === 'status') next = { ...existing, status: next.status, metadata: { ...existing.metadata, resourceVersion: next.metadata.resourceVersion } };
      else if (rt.statusSubresource) next = { ...next, status: existing.status };
      const updated = cluster.update(rt, { ...next, metadata: { ...next.metadata, ...(rt.namespaced ? { namespace: route.namespace } : {}) } });
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
          details: { name: deleted.metadata.name, group: rt.group, kind: rt.plural, uid: deleted.metadata.uid },
        });
      }
      return;
    }
    case 'deletecollection': {
      const labels = labelMatcher(query.get('labelSelector'));
      const fields = fieldMatcher(query.get('fieldSelector'), rt.kind);
      const doomed = cluster.store.list(rt, route.namespace).filter((o) => labels(o) && fields(o));
      const items = doomed.map((o) => served(cluster.delete(rt, o.metadata.namespace, o.metadata.name ?? '')));
      sendJson(res, 200, { apiVersion: groupVersion(rt.group, rt.version), kind: rt.listKind, metadata: { resourceVersion: String(cluster.store.currentRv) }, items });
      return;
    }
    default:
      throw methodNotSupported(rt.group, rt.plural, verb);
  }
}

function applyPatch(rt: ResourceType, existing: KubeObj, contentType: string | undefined, patch: unknown): unknown {
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
