/** Object metadata as the API server stores and serves it (only the fields the fake reads or sets). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  [field: string]: unknown;
}
/** Any Kubernetes object as JSON. */
export interface KubeObj {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}
/** A CRD `additionalPrinterColumns` entry (apiextensions.k8s.io/v1 CustomResourceColumnDefinition). */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}
/**
 * One served resource at one version, the unit discovery lists and URLs address. Objects are
 * stored per group+plural (not per version), as the real storage does for CRDs with conversion
 * `None`: serving another version only changes `apiVersion`.
 */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  /** Columns for `Table` output besides Name; empty = the default (Age). */
  readonly printerColumns: readonly PrinterColumn[];
  readonly statusSubresource: boolean;
  /** Name of the CRD that defines it; undefined for built-in kinds. */
  readonly crd?: string;
}
/** `apiVersion` as written in objects: `v1` for the core group, else `group/version`. */
export declare function groupVersion(group: string, version: string): string;
/** Splits `apiVersion` into group and version (`v1` → core group ''). */
export declare function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
};
/** The storage key of a resource: objects of every served version live under it. */
export declare function storageKey(rt: Pick<ResourceType, 'group' | 'plural'>): string;
/** `plural.group` (or `plural` for the core group), as the server names resources in messages. */
export declare function qualifiedResource(group: string, plural: string): string;
export declare function isObject(value: unknown): value is Record<string, unknown>;
/** Server timestamps: RFC 3339 with second precision, as metav1.Time marshals. */
export declare function nowTimestamp(): string;
