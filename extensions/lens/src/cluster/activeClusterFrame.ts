import { Renderer } from '@k8slens/extensions';
import { ClusterFrame, type ClusterFrameOptions } from './clusterFrame.js';
import type { LensJsonApi } from './lensKubeRequests.js';

/**
 * The core of the cluster this frame shows (`Catalog.activeCluster`), reached through the frame's
 * `KubeJsonApi` — the user's Lens auth and proxy; `undefined` in a frame that shows no cluster (the
 * app's root frame), where nothing is watched.
 */
export function openActiveClusterFrame(options: ClusterFrameOptions = {}): ClusterFrame | undefined {
  const cluster = Renderer.Catalog.activeCluster.get();
  if (!cluster) return undefined;
  const id = cluster.getId();
  // OpenLens 6.5 types `KubeJsonApi` over an unpublished package (no members); see LensJsonApi.
  const api = Renderer.K8sApi.KubeJsonApi.forCluster(id) as unknown as LensJsonApi;
  return new ClusterFrame({ id, name: cluster.getName() }, api, options);
}
