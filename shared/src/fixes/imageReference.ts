import type { RunningImage } from './fix.js';

/**
 * Image references as `distribution/reference` writes them: `[registry[:port]/]path[:tag][@digest]`.
 * Only what pinning needs: the name without tag and digest, the tag, the digest, and one spelling
 * of the repository so that `nginx` and Trivy Operator's `index.docker.io` + `library/nginx` meet.
 */
export interface ImageReference {
  /** The reference without tag and digest, as written. */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImageReference(ref: string): ImageReference {
  const at = ref.indexOf('@');
  const rest = at < 0 ? ref : ref.slice(0, at);
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tagged = colon > slash;
  return {
    name: tagged ? rest.slice(0, colon) : rest,
    ...(tagged ? { tag: rest.slice(colon + 1) } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `registry/repository` with Docker Hub's defaults filled in: `nginx` → `docker.io/library/nginx`. */
export function canonicalRepository(name: string): string {
  const first = name.split('/')[0]!;
  const hasRegistry =
    name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const path = hasRegistry ? name.slice(first.length + 1) : name;
  return joinRepository(registry, path);
}

function joinRepository(registry: string, path: string): string {
  const hub = DOCKER_HUB.has(registry.toLowerCase());
  return `${hub ? 'docker.io' : registry.toLowerCase()}/${hub && !path.includes('/') ? `library/${path}` : path}`;
}

/** The repository of an image a report names, in the spelling of {@link canonicalRepository}. */
export function runningRepository(image: RunningImage): string | undefined {
  if (!image.repository) return undefined;
  return joinRepository(image.registry ?? 'docker.io', image.repository);
}

// An OCI digest (`algorithm:encoded`, opencontainers/image-spec descriptor.md); report text is
// untrusted, so nothing else is ever written into a manifest as a digest.
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

export function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

// A tag (distribution/reference grammar): up to 128 word characters, dots and dashes.
const TAG = /^[\w][\w.-]{0,127}$/;

/** Why `tag` cannot pin an image, or `undefined` when it can. */
export function imageTagProblem(tag: string): string | undefined {
  if (!TAG.test(tag)) return 'a tag is up to 128 letters, digits, _ . and -, not starting with . or -';
  if (tag === 'latest') return '"latest" is what the check warns about: choose a version';
  return undefined;
}

/**
 * Whether `ref` is pinned as KSV013 wants (trivy-checks `uses_image_tag_latest.rego`): a digest,
 * or a tag other than `latest`.
 */
export function isPinned(ref: string): boolean {
  const r = parseImageReference(ref);
  return r.digest !== undefined || (r.tag !== undefined && r.tag !== 'latest');
}
