import type { ArtifactRef } from './finding.js';

/** Docker Hub, as the readers normalise it (`readers/trivy/imageArtifact.ts`). */
const DOCKER_HUB = 'index.docker.io';

/**
 * How a person names an image: `library/nginx:1.21.6`, `ghcr.io/org/app:v2`, `quay.io/x/y@sha256:…`
 * when it has no tag. Docker Hub is left out, as `docker` and Trivy's targets leave it out.
 * `undefined` when the artifact names no repository.
 */
export function imageName(artifact: ArtifactRef | undefined): string | undefined {
  if (!artifact?.repository) return undefined;
  const registry = artifact.registry && artifact.registry !== DOCKER_HUB ? `${artifact.registry}/` : '';
  const version = artifact.tag ? `:${artifact.tag}` : artifact.digest ? `@${artifact.digest}` : '';
  return `${registry}${artifact.repository}${version}`;
}
