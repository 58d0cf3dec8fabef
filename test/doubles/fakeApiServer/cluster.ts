import { ResourceRegistry } from './registry.js';
import { ApiError, badRequest, notFound } from './status.js';
import { ObjectStore } from './store.js';
import type { KubeObj, ResourceType } from './types.js';
import { isObject, nowTimestamp, splitApiVersion, storageKey } from './types.js';

const CRD_GROUP = 'apiextensions.k8s.io';

export interface WriteOptions {
  /** Seeding (initial objects, direct test access): keep uid/creationTimestamp, create missing namespaces. */
  readonly seed?: boolean;
}

/**
 * The cluster's state and the rules every write follows, whether it comes over HTTP or from a
 * test: CRDs define resources (registry rebuilt on each CRD write), namespaced objects need their
 * namespace, deleting a namespace or CRD deletes what lives in it.
 */
export class Cluster {
  readonly registry = new ResourceRegistry();
  readonly store: ObjectStore;
  private readonly resourceListeners = new Set<() => void>();

  constructor(historyLimit: number) {
    this.store = new ObjectStore(historyLimit);
  }

  /** Called after the set of served resources changed (a CRD was created, changed or deleted). */
  onResourcesChanged(listener: () => void): () => void {
    this.resourceListeners.add(listener);
    return () => this.resourceListeners.delete(listener);
  }

  crdResource(): ResourceType {
    const rt = this.registry.anyVersion(CRD_GROUP, 'customresourcedefinitions');
    if (!rt) throw new Error('CRD resource missing from the built-ins');
    return rt;
  }

  namespaceResource(): ResourceType {
    const rt = this.registry.anyVersion('', 'namespaces');
    if (!rt) throw new Error('Namespace resource missing from the built-ins');
    return rt;
  }

  /** The resource for an object's apiVersion/kind; 400 (like a REST mapping failure) when unknown. */
  resourceOf(apiVersion: string, kind: string): ResourceType {
    const { group, version } = splitApiVersion(apiVersion);
    const rt = this.registry.byKind(group, version, kind);
    if (!rt) throw badRequest(`no matches for kind "${kind}" in version "${apiVersion}"`);
    return rt;
  }

  /** The `openAPIV3Schema` a CRD declares for one served version (undefined for built-ins). */
  crdSchema(rt: ResourceType): unknown {
    if (rt.crd === undefined) return undefined;
    const crd = this.store.get(this.crdResource(), undefined, rt.crd);
    const versions =
      crd && isObject(crd.spec) && Array.isArray(crd.spec.versions) ? crd.spec.versions.filter(isObject) : [];
    const version = versions.find((v) => v.name === rt.version);
    return version && isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
  }

  create(rt: ResourceType, obj: KubeObj, options: WriteOptions = {}): KubeObj {
    if (!obj.metadata.name && !obj.metadata.generateName) {
      throw new ApiError(
        422,
        'Invalid',
        `${rt.kind}.${rt.group || 'core'} "" is invalid: metadata.name: Required value: name or generateName is required`,
        {
          group: rt.group,
          kind: rt.kind,
          causes: [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: name or generateName is required',
              field: 'metadata.name',
            },
          ],
        },
      );
    }
    let input = obj;
    if (rt.namespaced) {
      const ns = obj.metadata.namespace || 'default';
      input = { ...obj, metadata: { ...obj.metadata, namespace: ns } };
      if (!this.store.get(this.namespaceResource(), undefined, ns)) {
        if (!options.seed) throw notFound('', 'namespaces', ns);
        this.create(
          this.namespaceResource(),
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
          options,
        );
      }
    }
    if (rt.kind === 'Namespace') input = withNamespaceDefaults(input);
    if (rt.group === CRD_GROUP && rt.plural === 'customresourcedefinitions') input = withCrdStatus(input);
    const created = this.store.create(rt, input, options);
    if (rt.crd === undefined && rt.plural === 'customresourcedefinitions') this.crdsChanged();
    return created;
  }

  update(rt: ResourceType, obj: KubeObj): KubeObj {
    const updated = this.store.update(rt, obj);
    if (rt.plural === 'customresourcedefinitions' && rt.group === CRD_GROUP) this.crdsChanged();
    return updated;
  }

  delete(rt: ResourceType, namespace: string | undefined, name: string): KubeObj {
    if (rt.group === '' && rt.plural === 'namespaces') this.deleteNamespaceContents(name);
    if (rt.group === CRD_GROUP && rt.plural === 'customresourcedefinitions') this.deleteCustomResources(name);
    const deleted = this.store.delete(rt, namespace, name);
    if (rt.group === CRD_GROUP && rt.plural === 'customresourcedefinitions') this.crdsChanged();
    return deleted;
  }

  private deleteNamespaceContents(namespace: string): void {
    const seen = new Set<string>();
    for (const rt of this.registry.all()) {
      if (!rt.namespaced || seen.has(storageKey(rt))) continue;
      seen.add(storageKey(rt));
      for (const obj of this.store.list(rt, namespace))
        this.store.delete(rt, namespace, obj.metadata.name ?? '');
    }
  }

  private deleteCustomResources(crdName: string): void {
    const crd = this.store.get(this.crdResource(), undefined, crdName);
    const spec = crd && isObject(crd.spec) ? crd.spec : undefined;
    const names = spec && isObject(spec.names) ? spec.names : undefined;
    if (typeof spec?.group !== 'string' || typeof names?.plural !== 'string') return;
    const rt = this.registry.anyVersion(spec.group, names.plural);
    if (!rt) return;
    for (const obj of this.store.list(rt))
      this.store.delete(rt, obj.metadata.namespace, obj.metadata.name ?? '');
  }

  private crdsChanged(): void {
    this.registry.setCrds(this.store.list(this.crdResource()));
    for (const listener of [...this.resourceListeners]) listener();
  }
}

function withNamespaceDefaults(obj: KubeObj): KubeObj {
  const status = isObject(obj.status) ? obj.status : {};
  return {
    ...obj,
    spec: isObject(obj.spec) ? obj.spec : { finalizers: ['kubernetes'] },
    status: { phase: 'Active', ...status },
    metadata: {
      ...obj.metadata,
      labels: { 'kubernetes.io/metadata.name': obj.metadata.name ?? '', ...obj.metadata.labels },
    },
  };
}

/** What the apiextensions controllers write into a CRD's status once it is served. */
function withCrdStatus(obj: KubeObj): KubeObj {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const storage = versions.find((v) => v.storage === true)?.name ?? versions[0]?.name;
  const now = nowTimestamp();
  return {
    ...obj,
    status: {
      acceptedNames: spec.names,
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: now,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: now,
        },
      ],
      storedVersions: storage === undefined ? [] : [storage],
    },
  };
}
