import { compareDigits, MAX_VERSION_LENGTH } from './numericText.js';

/**
 * Python package versions as PEP 440 orders them (the `packaging` library's `Version`;
 * aquasecurity/go-pep440-version, which Trivy's pip, Pipenv, Poetry, uv and python-pkg detection
 * uses): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, with the spellings PEP 440 normalises
 * (`alpha`, `beta`, `c`, `pre`, `preview`, `rev`, `r`, `-N` as a post release, `_`/`-`/`.`
 * separators, upper case, a leading `v`). Order: epoch, release numbers (trailing zeros ignored),
 * then a development release of a final version before its pre-releases, pre-releases before the
 * final release, post releases after it, development releases before what they develop, and a
 * local version after the same public version.
 */
export interface Pep440Version {
  readonly epoch: string;
  readonly release: readonly string[];
  readonly pre?: { readonly phase: number; readonly n: string };
  readonly post?: string;
  readonly dev?: string;
  readonly local?: readonly string[];
}

const PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

const PHASE: Readonly<Record<string, number>> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};

/** The parts of a PEP 440 version; `undefined` when it is not one. */
export function parsePep440(text: string): Pep440Version | undefined {
  const v = text.trim().toLowerCase();
  if (v === '' || v.length > MAX_VERSION_LENGTH) return undefined;
  const m = PATTERN.exec(v);
  if (!m) return undefined;
  const release = m[2]!.split('.');
  while (release.length > 1 && /^0+$/.test(release[release.length - 1]!)) release.pop();
  const postNumber = m[5] ?? (m[6] !== undefined ? (m[7] ?? '0') : undefined);
  return {
    epoch: m[1] ?? '0',
    release,
    ...(m[3] !== undefined ? { pre: { phase: PHASE[m[3]]!, n: m[4] ?? '0' } } : {}),
    ...(postNumber !== undefined ? { post: postNumber } : {}),
    ...(m[8] !== undefined ? { dev: m[9] ?? '0' } : {}),
    ...(m[10] !== undefined ? { local: m[10].split(/[-_.]/) } : {}),
  };
}

/** PEP 440's order of two versions (-1, 0, 1); `undefined` when either is not a PEP 440 version. */
export function comparePep440(a: string, b: string): number | undefined {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (!x || !y) return undefined;
  return (
    compareDigits(x.epoch, y.epoch) ||
    compareRelease(x.release, y.release) ||
    compareRank(preRank(x), preRank(y)) ||
    compareRank(postRank(x), postRank(y)) ||
    compareRank(devRank(x), devRank(y)) ||
    compareLocal(x.local, y.local)
  );
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (d !== 0) return d;
  }
  return 0;
}

/** A sort key: -Infinity and +Infinity stand for "before" and "after" every number. */
type Rank = readonly [number, string];

const BEFORE: Rank = [-Infinity, ''];
const AFTER: Rank = [Infinity, ''];

// `packaging`'s _cmpkey: a version with only a dev segment sorts before its pre-releases.
function preRank(v: Pep440Version): Rank {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return BEFORE;
  return v.pre ? [v.pre.phase, v.pre.n] : AFTER;
}

function postRank(v: Pep440Version): Rank {
  return v.post === undefined ? BEFORE : [0, v.post];
}

function devRank(v: Pep440Version): Rank {
  return v.dev === undefined ? AFTER : [0, v.dev];
}

function compareRank(a: Rank, b: Rank): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return compareDigits(a[1] || '0', b[1] || '0');
}

// Local segments: none sorts first; numbers above words; words by their characters; longer wins.
function compareLocal(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (!a || !b) return a === b ? 0 : a ? 1 : -1;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    const d = xn && yn ? compareDigits(x, y) : xn ? 1 : yn ? -1 : x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return d;
  }
  return 0;
}
