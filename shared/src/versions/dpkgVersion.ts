import { compareDigits, isDigit, isLetter, MAX_VERSION_LENGTH, sign } from './numericText.js';

/**
 * Debian package versions, `[epoch:]upstream_version[-debian_revision]` (deb-version(5)), compared
 * as dpkg does (`verrevcmp` in dpkg's `lib/dpkg/version.c`; Trivy's debian, ubuntu, echo and
 * bitnami detectors use knqyf263/go-deb-version, which follows it): the epoch as a number, then the
 * upstream version, then the revision, each as alternating runs of non-digits and digits. Among
 * non-digits a `~` sorts before everything, even the end of the text (`1.0~rc1` < `1.0`), letters
 * before other characters; digit runs compare by value.
 */
export interface DpkgVersion {
  readonly epoch: string;
  readonly upstream: string;
  readonly revision: string;
}

/** The parts of a Debian version; `undefined` when it is not one (deb-version(5) syntax). */
export function parseDpkgVersion(text: string): DpkgVersion | undefined {
  const v = text.trim();
  if (v === '' || v.length > MAX_VERSION_LENGTH) return undefined;
  const colon = v.indexOf(':');
  let epoch = '0';
  let rest = v;
  if (colon >= 0) {
    epoch = v.slice(0, colon);
    if (epoch === '' || !allDigits(epoch)) return undefined;
    rest = v.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  // The upstream version starts with a digit and holds alphanumerics and `.+-~` (`:` only after an
  // epoch, `_` as go-deb-version also accepts); the revision alphanumerics and `+.~` (and `_`).
  if (upstream === '' || !isDigit(upstream.charCodeAt(0))) return undefined;
  if (!onlyChars(upstream, '.+-~:_') || !onlyChars(revision, '+.~_')) return undefined;
  if (dash >= 0 && revision === '') return undefined;
  return { epoch, upstream, revision };
}

/** dpkg's order of two versions (-1, 0, 1); `undefined` when either is not a Debian version. */
export function compareDpkgVersions(a: string, b: string): number | undefined {
  const x = parseDpkgVersion(a);
  const y = parseDpkgVersion(b);
  if (!x || !y) return undefined;
  return (
    sign(compareDigits(x.epoch, y.epoch)) ||
    verrevcmp(x.upstream, y.upstream) ||
    verrevcmp(x.revision, y.revision)
  );
}

/** dpkg's comparison of two upstream versions or two revisions. */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // A run of non-digits, character by character; the end of a text weighs 0 like a digit.
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    const si = i;
    const sj = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const d = compareDigits(a.slice(si, i) || '0', b.slice(sj, j) || '0');
    if (d !== 0) return d;
  }
  return 0;
}

/** The weight of the character at `i`: `~` first, then the end and digits, letters, the rest. */
function order(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigit(c)) return 0;
  if (isLetter(c)) return c;
  if (c === 126) return -1; // ~
  return c + 256;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function onlyChars(s: string, extra: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c) && !isLetter(c) && !extra.includes(s[i]!)) return false;
  }
  return true;
}
