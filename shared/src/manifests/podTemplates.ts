import { WORKLOAD_KINDS, workloadKindOf } from '../model/workloadKinds.js';
import type { KeySegment } from './keyPath.js';

const keys = (path: readonly string[]): readonly KeySegment[] => path.map((key) => ({ key }));

// A `PodTemplate` object is not a workload, but holds a pod template under `template`.
const POD_TEMPLATE_OBJECT = keys(['template']);

/**
 * Template paths to try for kinds the workload table does not know (custom workloads such as Argo
 * Rollouts or OpenKruise CloneSets mostly copy the Deployment layout), in order: the Deployment's,
 * the CronJob's, the object itself.
 */
export const FALLBACK_TEMPLATE_PATHS: readonly (readonly KeySegment[])[] = [
  'Deployment',
  'CronJob',
  'Pod',
].map((kind) => keys(workloadKindOf(kind)!.podTemplatePath));

const TEMPLATE_PATHS: ReadonlyMap<string, readonly KeySegment[]> = new Map(
  WORKLOAD_KINDS.map((w) => [w.kind, keys(w.podTemplatePath)]),
);

/**
 * The pod template path of a known workload kind (from `model/workloadKinds.ts`, where each
 * kind's path is), or of a `PodTemplate`; `undefined` for other kinds.
 */
export function podTemplatePath(kind: string | undefined): readonly KeySegment[] | undefined {
  if (kind === undefined) return undefined;
  return kind === 'PodTemplate' ? POD_TEMPLATE_OBJECT : TEMPLATE_PATHS.get(kind);
}

/** The three lists of a `PodSpec` that hold containers, in the order the kubelet starts them. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];
