import type { ArtifactRef, Finding, Origin } from '../model/finding.js';
import { isRecord, text } from './fields.js';
import { addProblem, type ReadContext } from './readContext.js';
import { imageArtifact, imageOfTarget } from './trivy/imageArtifact.js';
import { readResult, type ResultPlace } from './trivy/result.js';
import { finishFileScope, newFileScope, type FileScope } from './trivy/scope.js';

/** The newest report schema we know (`SchemaVersion` of Trivy v0.20 and later). */
const KNOWN_SCHEMA = 2;

/**
 * Reads Trivy's JSON report of any era into findings:
 *  - v0.20 and later: `{ SchemaVersion: 2, ArtifactName, ArtifactType, Metadata, Results }`;
 *  - up to v0.19: the bare `Results` array (`[{ Target, Type, Vulnerabilities }]`).
 * Image, filesystem, repository, config (Kubernetes, Dockerfile, Helm …), secret and license
 * scans differ only in which lists their results carry; see `trivy/result.ts`.
 */
export function readTrivyJson(doc: unknown, ctx: ReadContext): Finding[] {
  const out: Finding[] = [];
  if (Array.isArray(doc)) {
    const file = newFileScope(ctx, { tool: 'trivy', format: 'trivy-json-legacy', file: ctx.path });
    // Old reports carry no metadata; an image scan's OS result names the image in its target.
    const artifact = legacyImage(file, doc);
    readResults(doc, '', file, { resource: undefined, artifact, inCluster: false }, out);
    finishFileScope(file);
    return out;
  }
  if (!isRecord(doc)) {
    addProblem(ctx, 'error', 'not a Trivy JSON report: neither an object nor a list of results');
    return out;
  }
  const trivy = doc.Trivy;
  const origin: Origin = {
    tool: 'trivy',
    toolVersion: isRecord(trivy) ? text(trivy.Version) : undefined,
    format: 'trivy-json',
    file: ctx.path,
  };
  const file = newFileScope(ctx, origin);
  const schema = doc.SchemaVersion;
  if (typeof schema === 'number' && schema > KNOWN_SCHEMA)
    addProblem(
      ctx,
      'warning',
      `SchemaVersion ${schema} is newer than this reader knows (${KNOWN_SCHEMA}); read as ${KNOWN_SCHEMA}`,
    );
  const place: ResultPlace = { resource: undefined, artifact: reportImage(file, doc), inCluster: false };
  const results = doc.Results;
  if (Array.isArray(results)) readResults(results, 'Results', file, place, out);
  else if (results !== undefined && results !== null)
    addProblem(ctx, 'warning', 'Results is not a list; nothing read');
  finishFileScope(file);
  return out;
}

function readResults(
  results: readonly unknown[],
  key: string,
  file: FileScope,
  place: ResultPlace,
  out: Finding[],
): void {
  for (let i = 0; i < results.length; i++) readResult(results[i], key, i, file, place, out);
}

/** The scanned image of a v2 report; `undefined` for filesystem, repository and config scans. */
function reportImage(file: FileScope, doc: Record<string, unknown>): ArtifactRef | undefined {
  const meta = isRecord(doc.Metadata) ? doc.Metadata : {};
  const type = doc.ArtifactType;
  // Reports before `ArtifactType` (v0.2x) are image scans exactly when they carry image metadata.
  const isImage =
    type === undefined
      ? meta.ImageID !== undefined || meta.RepoTags !== undefined
      : type === 'container_image';
  if (!isImage) return undefined;
  return imageArtifact(file, {
    repoTags: meta.RepoTags,
    repoDigests: meta.RepoDigests,
    imageId: meta.ImageID,
    names: [meta.Reference, doc.ArtifactName],
  });
}

function legacyImage(file: FileScope, results: readonly unknown[]): ArtifactRef | undefined {
  for (const r of results) {
    const image = isRecord(r) ? imageOfTarget(file, text(r.Target)) : undefined;
    if (image) return image;
  }
  return undefined;
}
