import type { ArtifactRef, Finding, ResourceRef } from '../model/finding.js';
import { isRecord, str, text } from './fields.js';
import { addProblem, type ReadContext } from './readContext.js';
import { imageArtifact, imageOfTarget, sameImage } from './trivy/imageArtifact.js';
import { readResult } from './trivy/result.js';
import { finishFileScope, newFileScope, skipEntry, type FileScope } from './trivy/scope.js';

/**
 * Lists of resources in the three shapes `trivy k8s --format json` has printed
 * (`pkg/k8s/report/report.go`, checked at the v0.29, v0.41, v0.42 and current tags):
 *  - `--report all` before v0.42: `{ ClusterName, Vulnerabilities: [...], Misconfigurations: [...] }`;
 *  - `--report all` since v0.42: `{ ClusterName, Resources: [...] }`;
 *  - `--report summary` (since v0.29): `{ ClusterName, Findings: [...] }` (`ConsolidatedReport`,
 *    one entry per resource with its image and configuration results merged).
 * Every list holds the same `Resource`: `{ Namespace, Kind, Name, Metadata, Results, Error }`.
 */
const RESOURCE_LISTS = ['Resources', 'Findings', 'Vulnerabilities', 'Misconfigurations'] as const;

/**
 * Reads a `trivy k8s` JSON report. A workload listed more than once (once for its images, once
 * for its configuration) gets one shared {@link ResourceRef}. Lines of misconfigurations refer
 * to Trivy's serialisation of the live object, so their locations are approximate.
 */
export function readTrivyK8sJson(doc: unknown, ctx: ReadContext): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(doc)) {
    addProblem(ctx, 'error', 'not a trivy k8s JSON report');
    return out;
  }
  // `trivy k8s` output has no `Trivy.Version` (see test/fixtures/SOURCES.md).
  const file = newFileScope(ctx, { tool: 'trivy', format: 'trivy-k8s-json', file: ctx.path });
  const resources = new Map<string, ResourceRef>();
  for (const key of RESOURCE_LISTS) {
    const list = doc[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      addProblem(ctx, 'warning', `${key} is not a list; nothing read from it`);
      continue;
    }
    for (let i = 0; i < list.length; i++) readResource(list[i], `${key}[${i}]`, file, resources, out);
  }
  finishFileScope(file);
  return out;
}

function readResource(
  raw: unknown,
  path: string,
  file: FileScope,
  resources: Map<string, ResourceRef>,
  out: Finding[],
): void {
  if (!isRecord(raw)) return skipEntry(file, path, 'not an object');
  const kind = text(raw.Kind);
  const name = text(raw.Name);
  if (!kind || !name) return skipEntry(file, path, 'no Kind or Name');
  const namespace = text(raw.Namespace);
  const key = `${kind}/${namespace ?? ''}/${name}`;
  let resource = resources.get(key);
  if (!resource) {
    resource = { kind, namespace, name };
    resources.set(key, resource);
  }
  const error = text(raw.Error);
  if (error) {
    const where = namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
    addProblem(file.ctx, 'warning', `Trivy could not scan ${where}: ${error.trim()}`);
  }
  const results = raw.Results;
  if (results === undefined || results === null) return;
  if (!Array.isArray(results)) return skipEntry(file, `${path}.Results`, 'not a list');
  const images = resourceImages(file, raw.Metadata, results);
  const list = `${path}.Results`;
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    const artifact = isRecord(r) ? resultImage(file, r, images) : undefined;
    readResult(r, list, i, file, { resource, artifact, inCluster: true }, out);
  }
}

/**
 * The images of one resource entry: its `Metadata` (absent before v0.48, one object until v0.56,
 * a list with one entry per image since v0.57, trivy#7444) and the images its OS results name.
 */
function resourceImages(file: FileScope, metadata: unknown, results: readonly unknown[]): ArtifactRef[] {
  const images: ArtifactRef[] = [];
  const add = (a: ArtifactRef | undefined): void => {
    if (a && !images.some((b) => sameImage(a, b))) images.push(a);
  };
  for (const m of Array.isArray(metadata) ? metadata : [metadata]) {
    if (isRecord(m))
      add(imageArtifact(file, { repoTags: m.RepoTags, repoDigests: m.RepoDigests, imageId: m.ImageID }));
  }
  for (const r of results) if (isRecord(r) && r.Class === 'os-pkgs') add(imageOfTarget(file, str(r.Target)));
  return images;
}

/**
 * The image a result is about. An OS result names it; a language or secret result (a binary or
 * file inside the image) does not, so it gets the image only when the entry has just one.
 */
function resultImage(
  file: FileScope,
  r: Record<string, unknown>,
  images: readonly ArtifactRef[],
): ArtifactRef | undefined {
  if (r.Class === 'config') return undefined; // checks are about the resource, not an image
  if (r.Class === 'os-pkgs') {
    const named = imageOfTarget(file, str(r.Target));
    if (named) return images.find((i) => sameImage(named, i)) ?? named;
  }
  return images.length === 1 ? images[0] : undefined;
}
