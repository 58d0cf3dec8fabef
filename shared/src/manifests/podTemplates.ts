import type { KeySegment } from './keyPath.js';

/**
 * Where each workload kind keeps its pod template (the map holding the pod's `metadata` and
 * `spec`). A Pod is its own template. The paths are those of the Kubernetes API types
 * (`PodTemplateSpec` in apps/v1 and batch/v1 workloads; `JobTemplateSpec` in CronJob).
 */
const TEMPLATE = [{ key: 'spec' }, { key: 'template' }] as const;
const POD_TEMPLATE_PATHS: ReadonlyMap<string, readonly KeySegment[]> = new Map<string, readonly KeySegment[]>(
  [
    ['Pod', []],
    ['Deployment', TEMPLATE],
    ['ReplicaSet', TEMPLATE],
    ['ReplicationController', TEMPLATE],
    ['StatefulSet', TEMPLATE],
    ['DaemonSet', TEMPLATE],
    ['Job', TEMPLATE],
    ['PodTemplate', [{ key: 'template' }]],
    ['CronJob', [{ key: 'spec' }, { key: 'jobTemplate' }, { key: 'spec' }, { key: 'template' }]],
  ],
);

/**
 * Template paths to try for kinds the table does not know (custom workloads such as Argo
 * Rollouts or OpenKruise CloneSets mostly copy the Deployment layout), in order.
 */
export const FALLBACK_TEMPLATE_PATHS: readonly (readonly KeySegment[])[] = [
  TEMPLATE,
  [{ key: 'spec' }, { key: 'jobTemplate' }, { key: 'spec' }, { key: 'template' }],
  [],
];

/** The pod template path of a known workload kind; `undefined` for other kinds. */
export function podTemplatePath(kind: string | undefined): readonly KeySegment[] | undefined {
  return kind === undefined ? undefined : POD_TEMPLATE_PATHS.get(kind);
}

/** The three lists of a `PodSpec` that hold containers, in the order the kubelet starts them. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];
