import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './registry.js';
import type { ResourceType } from './types.js';
import { isObject } from './types.js';

/** The `openAPIV3Schema` of a custom resource's version, if it has one. */
export type CrdSchemaLookup = (rt: ResourceType) => unknown;

/**
 * Just enough OpenAPI v3 for kubectl: `kubectl create/apply/replace` ask, per group version,
 * whether PATCH takes the `fieldValidation` query parameter (client-go's
 * `QueryParamVerifierV3`: a PATCH operation tagged with `x-kubernetes-group-version-kind` listing
 * the parameter). Without it they refuse to send. CRD schemas are included under
 * `components.schemas`; built-ins carry no schemas.
 */

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** `/openapi/v3`: the index of group-version documents. */
export function openApiIndex(registry: ResourceRegistry, crdSchema: CrdSchemaLookup): object {
  const gvs = new Map<string, { group: string; version: string }>();
  for (const rt of registry.all())
    gvs.set(gvPath(rt.group, rt.version), { group: rt.group, version: rt.version });
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, gv] of [...gvs].sort(([a], [b]) => a.localeCompare(b))) {
    const hash = createHash('sha512')
      .update(JSON.stringify(openApiGroupVersion(registry, gv.group, gv.version, crdSchema)))
      .digest('hex')
      .toUpperCase();
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths };
}

function operations(rt: ResourceType): Record<string, object> {
  const gvk = { group: rt.group, version: rt.version, kind: rt.kind };
  const params = [
    { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
  ];
  const op = (action: string): object => ({
    operationId: `${action}${rt.kind}`,
    parameters: params,
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const base = `/${gvPath(rt.group, rt.version)}${rt.namespaced ? '/namespaces/{namespace}' : ''}/${rt.plural}`;
  const item: Record<string, object> = { get: op('get'), put: op('put'), delete: op('delete') };
  if (rt.verbs.includes('patch')) item.patch = op('patch');
  return { [base]: { post: op('post') }, [`${base}/{name}`]: item };
}

function schemaName(rt: ResourceType): string {
  // OpenAPI definition names reverse the group's DNS name, as the apiserver's builder does.
  const group = rt.group === '' ? 'io.k8s.api.core' : rt.group.split('.').reverse().join('.');
  return `${group}.${rt.version}.${rt.kind}`;
}

/** `/openapi/v3/apis/<group>/<version>`; undefined when not served. */
export function openApiGroupVersion(
  registry: ResourceRegistry,
  group: string,
  version: string,
  crdSchema: CrdSchemaLookup,
): object | undefined {
  const resources = registry.inGroupVersion(group, version).filter((rt) => rt.verbs.includes('patch'));
  const all = registry.inGroupVersion(group, version);
  if (all.length === 0) return undefined;
  const schemas: Record<string, unknown> = {};
  for (const rt of resources) {
    const schema = crdSchema(rt);
    if (isObject(schema)) {
      schemas[schemaName(rt)] = {
        ...schema,
        'x-kubernetes-group-version-kind': [{ group: rt.group, kind: rt.kind, version: rt.version }],
      };
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0-fake' },
    paths: Object.assign({}, ...resources.map(operations)),
    components: { schemas },
  };
}
