import type { ResourceRef } from '../../model/finding.js';
import { arr, isRecord, str, text } from '../fields.js';
import type { StringPool } from '../stringPool.js';
import { warnReport, type ReportHeader } from './reportHeader.js';

/**
 * Which Kubernetes object a report is about. Trivy Operator names it in labels
 * (`trivy-operator.resource.kind|name|namespace`, `trivy-operator.container.name`); Starboard, its
 * predecessor, wrote the same labels with the `starboard.` prefix. A name that is not a valid label
 * value (`system:controller:token-cleaner`) goes to the annotation `<prefix>.resource.name`, with
 * only a hash in the label `<prefix>.resource.name-hash`. Without labels, the report's controller
 * owner is the scanned object: the operator sets it so the report is deleted with the object.
 *
 * This does not lift a ReplicaSet to its Deployment; owner resolution does that later.
 */
export function reportResource(h: ReportHeader): ResourceRef | undefined {
  const labels = isRecord(h.metadata.labels) ? h.metadata.labels : {};
  const annotations = isRecord(h.metadata.annotations) ? h.metadata.annotations : {};
  const owner = controllerOwner(h);
  for (const prefix of LABEL_PREFIXES) {
    const kind = text(labels[`${prefix}.resource.kind`]);
    if (!kind) continue;
    const name =
      text(labels[`${prefix}.resource.name`]) ??
      text(annotations[`${prefix}.resource.name`]) ??
      (owner && owner.kind === kind ? owner.name : undefined);
    if (!name) {
      warnReport(
        h,
        'metadata',
        `label ${prefix}.resource.kind is ${kind} but no label or annotation names the object`,
      );
      break;
    }
    const apiVersion = owner && owner.kind === kind && owner.name === name ? owner.apiVersion : undefined;
    return makeResource(
      h.ctx.strings,
      kind,
      name,
      subjectNamespace(h, str(labels[`${prefix}.resource.namespace`])),
      text(labels[`${prefix}.container.name`]),
      apiVersion,
    );
  }
  if (!owner) return undefined;
  return makeResource(
    h.ctx.strings,
    owner.kind,
    owner.name,
    h.kind.namespaced ? h.namespace : undefined,
    undefined,
    owner.apiVersion,
  );
}

const LABEL_PREFIXES = ['trivy-operator', 'starboard'] as const;

/**
 * The subject of a namespaced report lives in the report's namespace: owner references cannot
 * cross namespaces (https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/),
 * so `metadata.namespace` wins over the label. A cluster-scoped report is about a cluster-scoped
 * object, whose namespace label is "" (ClusterVulnerabilityReport) or absent.
 */
function subjectNamespace(h: ReportHeader, label: string | undefined): string | undefined {
  if (h.kind.namespaced) return h.namespace ?? text(label);
  return text(label);
}

interface Owner {
  readonly apiVersion: string | undefined;
  readonly kind: string;
  readonly name: string;
}

/** The controller owner reference, or the only owner when none is marked controller. */
export function controllerOwner(h: ReportHeader): Owner | undefined {
  const refs = arr(h.metadata.ownerReferences).filter(isRecord);
  const ref = refs.find((r) => r.controller === true) ?? (refs.length === 1 ? refs[0] : undefined);
  if (!ref) return undefined;
  const kind = text(ref.kind);
  const name = text(ref.name);
  return kind && name ? { apiVersion: text(ref.apiVersion), kind, name } : undefined;
}

/**
 * A resource from a Kubernetes object reference (`corev1.ObjectReference`), as policy reports write
 * in `scope` and `results[].resources[]`. `defaultNamespace` applies when the reference has none.
 */
export function objectRefResource(
  strings: StringPool,
  ref: unknown,
  defaultNamespace: string | undefined,
): ResourceRef | undefined {
  if (!isRecord(ref)) return undefined;
  const kind = text(ref.kind);
  const name = text(ref.name);
  if (!kind || !name) return undefined;
  // A Namespace is never inside a namespace, whatever report it appears in.
  const namespace = kind === 'Namespace' ? undefined : (text(ref.namespace) ?? defaultNamespace);
  return makeResource(strings, kind, name, namespace, undefined, text(ref.apiVersion));
}

/** The report's owner as a resource, for policy reports that have neither scope nor resources. */
export function ownerResource(h: ReportHeader): ResourceRef | undefined {
  const owner = controllerOwner(h);
  if (!owner) return undefined;
  const namespace = h.kind.namespaced && owner.kind !== 'Namespace' ? h.namespace : undefined;
  return makeResource(h.ctx.strings, owner.kind, owner.name, namespace, undefined, owner.apiVersion);
}

/** The same resource with a container name; for checks scoped to one container. */
export function withContainer(strings: StringPool, resource: ResourceRef, container: string): ResourceRef {
  return makeResource(
    strings,
    resource.kind,
    resource.name,
    resource.namespace,
    container,
    resource.apiVersion,
  );
}

/**
 * Builds a ResourceRef with its fields in one order and absent ones left out (not `undefined`),
 * its texts pooled: the same object is named by every report about it.
 */
export function makeResource(
  strings: StringPool,
  kind: string,
  name: string,
  namespace: string | undefined,
  container: string | undefined,
  apiVersion: string | undefined,
): ResourceRef {
  const r: { -readonly [K in keyof ResourceRef]: ResourceRef[K] } = {
    kind: strings.intern(kind),
    name: strings.intern(name),
  };
  if (namespace) r.namespace = strings.intern(namespace);
  if (container) r.container = strings.intern(container);
  if (apiVersion) r.apiVersion = strings.intern(apiVersion);
  return r;
}
