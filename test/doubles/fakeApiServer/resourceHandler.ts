import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from './cluster.js';
import { listObjects } from './list.js';
import { watchFaultFor, type FaultState } from './faults.js';
import { boolParam, includeObject, outputAs, sendJson, type OutputAs } from './negotiation.js';
import { asPartialObjectMetadata, asPartialObjectMetadataList } from './partialMetadata.js';
import type { FakeUser, RequestAttributes } from './rbac.js';
import { forbiddenError, isAllowed } from './rbac.js';
import { selfSubjectAccessReview, selfSubjectRulesReview } from './reviews.js';
import type { ResourceRoute } from './routes.js';
import { fieldMatcher, labelMatcher } from './selectors.js';
import { faultError, methodNotSupported, notAcceptable, notFound, resourceNotFound } from './status.js';
import { toTable } from './table.js';
import type { KubeObj } from './types.js';
import { groupVersion } from './types.js';
import type { OpenWatch, WatchOptions } from './watch.js';
import { serveWatch } from './watch.js';
import { handleWrite } from './writeHandlers.js';

/** What a resource request needs from the server around it. */
export interface ResourceContext {
  readonly cluster: Cluster;
  readonly faults: FaultState;
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

/** The verb the authorizer sees (`RequestInfoFactory`). */
export function verbOf(method: string, route: ResourceRoute, query: URLSearchParams): string {
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
  const namespace =
    route.group === '' && route.plural === 'namespaces' && route.name ? route.name : route.namespace;
  return {
    verb,
    group: route.group,
    resource: route.plural,
    ...(route.subresource ? { subresource: route.subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(route.name ? { name: route.name } : {}),
  };
}

/** Serves one request on a resource path (after authentication). */
export function handleResource(ctx: ResourceContext, route: ResourceRoute, input: RequestInput): void {
  const { req, res, query, user } = input;
  const method = req.method ?? 'GET';
  const verb = verbOf(method, route, query);
  const attrs = attributesOf(route, verb);
  if (!isAllowed(user, attrs, ctx.faults.forbidden)) throw forbiddenError(user.name, attrs);

  const rt = ctx.cluster.registry.resolve(route.group, route.version, route.plural);
  if (!rt) throw resourceNotFound();
  if (
    rt.namespaced ? route.name !== undefined && route.namespace === undefined : route.namespace !== undefined
  )
    throw resourceNotFound();
  if (!rt.verbs.includes(verb)) throw methodNotSupported(rt.group, rt.plural, verb);
  if (route.subresource !== undefined && !(route.subresource === 'status' && rt.statusSubresource))
    throw resourceNotFound();

  if (rt.group === 'authorization.k8s.io') {
    const review =
      rt.plural === 'selfsubjectaccessreviews'
        ? selfSubjectAccessReview(user, input.body, ctx.faults.forbidden)
        : selfSubjectRulesReview(user, input.body);
    sendJson(res, 201, review);
    return;
  }
  const cluster = ctx.cluster;
  const served = (obj: KubeObj): KubeObj => ({ ...obj, apiVersion: groupVersion(rt.group, rt.version) });
  const as = conversionOf(ctx, req.headers.accept);
  const table = as?.kind === 'Table' ? as.version : undefined;

  switch (verb) {
    case 'get': {
      const obj = cluster.store.get(rt, route.namespace, route.name ?? '');
      if (!obj) throw notFound(rt.group, rt.plural, route.name ?? '');
      if (as?.kind === 'PartialObjectMetadataList')
        throw notAcceptable(
          'you requested PartialObjectMetadataList, but the requested object is not a list (*unstructured.Unstructured)',
        );
      if (as?.kind === 'PartialObjectMetadata') sendJson(res, 200, asPartialObjectMetadata(obj, as.version));
      else if (table) {
        const t = toTable(
          rt,
          [served(obj)],
          { resourceVersion: obj.metadata.resourceVersion ?? '' },
          includeObject(query),
          table,
        );
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
      if (as?.kind === 'PartialObjectMetadata')
        throw notAcceptable(
          'you requested PartialObjectMetadata, but the requested object is a list (*unstructured.UnstructuredList)',
        );
      if (as?.kind === 'PartialObjectMetadataList')
        sendJson(res, 200, asPartialObjectMetadataList(items, metadata, as.version));
      else if (table) {
        sendJson(
          res,
          200,
          toTable(rt, items, metadata, includeObject(query), table),
          `application/json;as=Table;v=${table};g=meta.k8s.io`,
        );
      } else {
        sendJson(res, 200, {
          apiVersion: groupVersion(rt.group, rt.version),
          kind: rt.listKind,
          metadata,
          items,
        });
      }
      return;
    }
    case 'watch': {
      const timeout = query.get('timeoutSeconds');
      const sendInitial = boolParam(query, 'sendInitialEvents');
      const fieldSelector = route.name ? `metadata.name=${route.name}` : query.get('fieldSelector');
      const failWith = watchFaultFor(ctx.faults, rt.group, rt.plural);
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
          ...(as?.kind === 'PartialObjectMetadata' ? { metadataVersion: as.version } : {}),
          ...(failWith ? { failWith: faultError(failWith).toStatus() } : {}),
        },
        res,
        ctx.watchOptions,
      );
      ctx.openWatches.add(watch);
      res.on('close', () => ctx.openWatches.delete(watch));
      return;
    }
    case 'create':
    case 'update':
    case 'patch':
    case 'delete':
    case 'deletecollection':
      return handleWrite(cluster, rt, route, verb, input);
    default:
      throw methodNotSupported(rt.group, rt.plural, verb);
  }
}

/**
 * The conversion an Accept header asks for, as the fault switch lets the server answer it:
 * `ignored` serves objects as stored, `refused` answers 406 to a metadata request.
 */
function conversionOf(ctx: ResourceContext, accept: string | undefined): OutputAs | undefined {
  const as = outputAs(accept);
  if (as?.kind !== 'PartialObjectMetadata' && as?.kind !== 'PartialObjectMetadataList') return as;
  if (ctx.faults.metadata === 'ignored') return undefined;
  if (ctx.faults.metadata === 'refused')
    throw notAcceptable(
      'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  return as;
}
