import { BUILTIN_RESOURCES, REVIEW_RESOURCES } from './builtinResources.js';
import type { KubeObj, PrinterColumn, ResourceType } from './types.js';
import { isObject } from './types.js';

const CRD_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/**
 * Kubernetes version priority (`version.CompareKubeAwareVersionStrings`): GA before beta before
 * alpha, higher numbers first, non-Kube-like versions last in lexical order.
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stage, Number(m[1]), m[3] === undefined ? 0 : Number(m[3])];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) {
    // Stage first (GA > beta > alpha), then major, then the pre-release number; higher first.
    if (pa[i] !== pb[i]) return (pb[i] ?? 0) - (pa[i] ?? 0);
  }
  return 0;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function printerColumns(value: unknown): PrinterColumn[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((c) =>
    typeof c.name === 'string' && typeof c.jsonPath === 'string'
      ? [
          {
            name: c.name,
            type: typeof c.type === 'string' ? c.type : 'string',
            jsonPath: c.jsonPath,
            ...(typeof c.format === 'string' ? { format: c.format } : {}),
            ...(typeof c.description === 'string' ? { description: c.description } : {}),
            ...(typeof c.priority === 'number' ? { priority: c.priority } : {}),
          },
        ]
      : [],
  );
}

/** The served resources one `apiextensions.k8s.io/v1` CRD object defines (one per served version). */
export function resourcesOfCrd(crd: KubeObj): ResourceType[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === 'string' ? spec.group : '';
  const kind = typeof names.kind === 'string' ? names.kind : '';
  const plural = typeof names.plural === 'string' ? names.plural : '';
  if (!group || !kind || !plural) return [];
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  return versions
    .filter((v) => v.served !== false && typeof v.name === 'string')
    .map((v) => ({
      group,
      version: v.name as string,
      kind,
      listKind: typeof names.listKind === 'string' ? names.listKind : `${kind}List`,
      plural,
      singular: typeof names.singular === 'string' ? names.singular : kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      verbs: CRD_VERBS,
      printerColumns: printerColumns(v.additionalPrinterColumns),
      statusSubresource: isObject(v.subresources) && isObject(v.subresources.status),
      crd: crd.metadata.name ?? `${plural}.${group}`,
    }));
}

/** A discovery group: its versions, preferred first. */
export interface ApiGroup {
  readonly name: string;
  readonly versions: readonly string[];
}

/**
 * Every resource the server serves: the built-in kinds plus whatever the stored CRDs define.
 * Rebuilt from the CRD objects on every CRD change, so creating or deleting a CRD through the
 * API changes discovery and routing just as on a real server.
 */
export class ResourceRegistry {
  private custom: ResourceType[] = [];

  setCrds(crds: readonly KubeObj[]): void {
    this.custom = crds.flatMap(resourcesOfCrd);
  }

  all(): ResourceType[] {
    return [...BUILTIN_RESOURCES, ...REVIEW_RESOURCES, ...this.custom];
  }

  /** The resource a URL addresses, or undefined (404). */
  resolve(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** The resource for an object's `apiVersion` and `kind` (for seeding and direct store access). */
  byKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.all().find((r) => r.group === group && r.version === version && r.kind === kind);
  }

  /** Any served version of group+plural: objects are stored across versions. */
  anyVersion(group: string, plural: string): ResourceType | undefined {
    return this.all().find((r) => r.group === group && r.plural === plural);
  }

  /** Groups other than the core group, in discovery order (built-ins first, then CRD groups by name). */
  groups(): ApiGroup[] {
    const byName = new Map<string, Set<string>>();
    for (const r of this.all()) {
      if (r.group === '') continue;
      const set = byName.get(r.group) ?? new Set<string>();
      set.add(r.version);
      byName.set(r.group, set);
    }
    const builtinGroups = new Set([...BUILTIN_RESOURCES, ...REVIEW_RESOURCES].map((r) => r.group));
    const names = [...byName.keys()].sort((a, b) => {
      const ab = builtinGroups.has(a) ? 0 : 1;
      const bb = builtinGroups.has(b) ? 0 : 1;
      return ab - bb || (ab === 0 ? 0 : a.localeCompare(b));
    });
    return names.map((name) => ({ name, versions: [...(byName.get(name) ?? [])].sort(compareKubeVersions) }));
  }

  /** Resources of one group version, for `/api/v1` and `/apis/g/v`. */
  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((r) => r.group === group && r.version === version);
  }
}
