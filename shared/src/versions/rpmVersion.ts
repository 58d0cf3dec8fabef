import { compareDigits, isDigit, isLetter, MAX_VERSION_LENGTH, sign } from './numericText.js';

/**
 * RPM versions, `[epoch:]version[-release]`, compared as rpm does (`rpmvercmp` in rpm's
 * `rpmio/rpmvercmp.cc`, which knqyf263/go-rpm-version follows and Trivy's Red Hat, CentOS, Rocky,
 * Alma, Oracle, SUSE, Photon, Azure Linux and Bottlerocket detectors use): the epoch as a number
 * (0 when absent), then version, then release. Each is cut into runs of digits and runs of
 * letters, everything else separating them; digits beat letters, digit runs compare by value,
 * letter runs by their characters. `~` sorts before anything (`1.0~rc1` < `1.0`), `^` after the
 * text it extends but before any other addition (`1.0` < `1.0^git1` < `1.0.1`).
 */
export interface RpmVersion {
  readonly epoch: string;
  readonly version: string;
  readonly release: string;
}

/** The parts of an RPM version; `undefined` for text that cannot be one. */
export function parseRpmVersion(text: string): RpmVersion | undefined {
  const v = text.trim();
  if (v === '' || v.length > MAX_VERSION_LENGTH) return undefined;
  let epoch = '0';
  let rest = v;
  const colon = v.indexOf(':');
  if (colon >= 0) {
    const e = v.slice(0, colon);
    if (e !== '' && !/^\d+$/.test(e)) return undefined;
    epoch = e || '0';
    rest = v.slice(colon + 1);
  }
  // rpm's parseEVR splits at the last '-': the release is what follows it.
  const dash = rest.lastIndexOf('-');
  const version = dash >= 0 ? rest.slice(0, dash) : rest;
  const release = dash >= 0 ? rest.slice(dash + 1) : '';
  if (!hasSegment(version)) return undefined;
  return { epoch, version, release };
}

/** rpm's order of two versions (-1, 0, 1); `undefined` when either cannot be read. */
export function compareRpmVersions(a: string, b: string): number | undefined {
  const x = parseRpmVersion(a);
  const y = parseRpmVersion(b);
  if (!x || !y) return undefined;
  return (
    sign(compareDigits(x.epoch, y.epoch)) ||
    rpmvercmp(x.version, y.version) ||
    rpmvercmp(x.release, y.release)
  );
}

/** rpm's comparison of two version (or release) texts. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j++;
    const ca = i < a.length ? a[i] : '';
    const cb = j < b.length ? b[j] : '';
    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === '') return -1;
      if (cb === '') return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '' || cb === '') break;
    const numeric = isDigit(a.charCodeAt(i));
    const si = i;
    const sj = j;
    const inRun = numeric ? isDigit : isLetter;
    while (i < a.length && inRun(a.charCodeAt(i))) i++;
    while (j < b.length && inRun(b.charCodeAt(j))) j++;
    // Different kinds of run: digits are newer than letters.
    if (j === sj) return numeric ? 1 : -1;
    const x = a.slice(si, i);
    const y = b.slice(sj, j);
    const d = numeric ? compareDigits(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return d;
  }
  // All runs equal: the one with something left over is newer.
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

function isSeparator(c: number): boolean {
  return !isDigit(c) && !isLetter(c) && c !== 126 && c !== 94; // not alnum, ~ or ^
}

function hasSegment(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i)) || isLetter(s.charCodeAt(i))) return true;
  return false;
}
