import type { ArtifactRef } from './finding.js';

/**
 * How an image is named to a person and keyed across reports: `registry/repository:tag@digest`,
 * the parts a report has (`index.docker.io/library/nginx:1.16.1`, `library/nginx:1.16.1` when the
 * registry is not known). Two reports name the same image when their names are equal.
 */
export function imageRef(a: ArtifactRef): string {
  let s = a.repository ?? '';
  if (a.registry) s = s ? `${a.registry}/${s}` : a.registry;
  if (a.tag) s += `:${a.tag}`;
  if (a.digest) s += `@${a.digest}`;
  return s;
}
