import type { ArtifactRef } from '../../model/finding.js';
import { str, text } from '../fields.js';
import type { FileScope } from './scope.js';

/**
 * Image references as go-containerregistry (used by Trivy and Trivy Operator) normalises them:
 * no registry means Docker Hub, `index.docker.io`, and a one-segment Docker Hub repository is
 * under `library/`. Normalising the same way lets local scans join the Operator's reports.
 */
const DOCKER_HUB = 'index.docker.io';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
/** `trivy image --input x.tar.gz` names the archive; a file name is not an image reference. */
const ARCHIVE = /\.(?:tar|tar\.gz|tgz)$/i;
/** An OS result's target: `docker.io/library/nginx:1.25 (debian 12.1)`. */
const IMAGE_TARGET = /^(\S+) \([^()]*\)$/;

interface ImageRefParts {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** Splits `registry/repository:tag@digest`; `undefined` for anything that is not a reference. */
export function parseImageRef(ref: string): ImageRefParts | undefined {
  let rest = ref.trim();
  if (rest === '' || rest.length > 1024 || /\s/.test(rest)) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  let registry = DOCKER_HUB;
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first === 'docker.io' ? DOCKER_HUB : first;
      repository = rest.slice(slash + 1);
    }
  }
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!REPOSITORY.test(repository)) return undefined;
  return { registry, repository, tag, digest };
}

/** What Trivy says about a scanned image: report `Metadata`, SARIF run properties, k8s resource metadata. */
export interface ImageFacts {
  readonly repoTags?: unknown;
  readonly repoDigests?: unknown;
  readonly imageId?: unknown;
  /** `Metadata.Reference` of newer reports, or `ArtifactName`: used when there are no tags. */
  readonly names?: readonly unknown[];
}

/**
 * The image a report is about. Repository and tag come from the first `RepoTags` entry (else a
 * digest reference, else the artifact name); the digest from `RepoDigests`, else `ImageID` — an
 * image loaded from an archive has no repo digest, and its config digest is the only one there is.
 */
export function imageArtifact(file: FileScope, facts: ImageFacts): ArtifactRef | undefined {
  const tagged = firstRef(facts.repoTags, false);
  const digested = firstRef(facts.repoDigests, true);
  let named: ImageRefParts | undefined;
  for (const name of facts.names ?? []) {
    const s = str(name);
    if (s && !ARCHIVE.test(s)) named = parseImageRef(s);
    if (named) break;
  }
  const base = tagged ?? named ?? digested;
  const imageId = text(facts.imageId);
  const digest = digested?.digest ?? named?.digest ?? (imageId && DIGEST.test(imageId) ? imageId : undefined);
  if (!base && !digest) return undefined;
  return intern(file, {
    registry: base?.registry,
    repository: base?.repository,
    tag: tagged?.tag ?? named?.tag,
    digest,
  });
}

/** The image named by an OS result's target (`nginx:1.25 (debian 12.1)`), if it names one. */
export function imageOfTarget(file: FileScope, target: string | undefined): ArtifactRef | undefined {
  if (!target) return undefined;
  const m = IMAGE_TARGET.exec(target);
  if (!m || ARCHIVE.test(m[1]!)) return undefined;
  const ref = parseImageRef(m[1]!);
  return ref
    ? intern(file, { registry: ref.registry, repository: ref.repository, tag: ref.tag, digest: ref.digest })
    : undefined;
}

/** True when `a` names the image of `b` (same repository, and same tag or digest where both say). */
export function sameImage(a: ArtifactRef, b: ArtifactRef): boolean {
  if (a.registry !== b.registry || a.repository !== b.repository) return false;
  if (a.digest && b.digest) return a.digest === b.digest;
  return a.tag === b.tag;
}

function firstRef(list: unknown, needDigest: boolean): ImageRefParts | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const item of list) {
    const ref = typeof item === 'string' ? parseImageRef(item) : undefined;
    if (ref && (!needDigest || ref.digest)) return ref;
  }
  return undefined;
}

function intern(file: FileScope, a: ArtifactRef): ArtifactRef {
  const key = `${a.registry ?? ''}/${a.repository ?? ''}:${a.tag ?? ''}@${a.digest ?? ''}`;
  const known = file.artifacts.get(key);
  if (known) return known;
  file.artifacts.set(key, a);
  return a;
}
