import { MAX_VERSION_LENGTH } from './numericText.js';

/**
 * Alpine package versions, `1.2.3a_rc1_p2-r4`, compared as apk-tools does (`src/version.c`;
 * knqyf263/go-apk-version, which Trivy's Alpine, Wolfi, Chainguard and MinimOS detectors use,
 * ports it): the text is read as a sequence of tokens — numbers separated by dots, one letter,
 * suffixes (`_alpha`, `_beta`, `_pre`, `_rc` before the plain version; `_cvs`, `_svn`, `_git`,
 * `_hg`, `_p` after it) with an optional number, and `-rN` the package revision — and compared
 * token by token. A dotted number with leading zeros (`1.01`) compares as a fraction, as apk does.
 */

// Token kinds, in the order apk-tools numbers them: a version may only move forward through them
// (with the few steps back the format allows, see `nextKind`).
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;
const INVALID = -1;

// go-apk-version also accepts `_b` (the first letter of `_beta`) as a pre-release suffix.
const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc', 'b'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

interface Reader {
  readonly s: string;
  pos: number;
}

/** Whether `text` is a valid apk version. */
export function isApkVersion(text: string): boolean {
  if (text.length > MAX_VERSION_LENGTH || text === '') return false;
  const r: Reader = { s: text, pos: 0 };
  let kind = DIGIT;
  while (kind !== END && kind !== INVALID) kind = token(r, kind).kind;
  return kind === END;
}

/** apk's order of two versions (-1, 0, 1); `undefined` when either is not a valid apk version. */
export function compareApkVersions(a: string, b: string): number | undefined {
  const x = a.trim();
  const y = b.trim();
  if (!isApkVersion(x) || !isApkVersion(y)) return undefined;
  const ra: Reader = { s: x, pos: 0 };
  const rb: Reader = { s: y, pos: 0 };
  let ak = DIGIT;
  let bk = DIGIT;
  let av = 0;
  let bv = 0;
  while (ak === bk && ak !== END && ak !== INVALID && av === bv) {
    const ta = token(ra, ak);
    const tb = token(rb, bk);
    av = ta.value;
    ak = ta.kind;
    bv = tb.value;
    bk = tb.kind;
  }
  if (av !== bv) return av < bv ? -1 : 1;
  if (ak === bk) return 0;
  // Equal so far: the longer version is newer, unless what it adds is a pre-release suffix.
  if (ak === SUFFIX && token(ra, ak).value < 0) return -1;
  if (bk === SUFFIX && token(rb, bk).value < 0) return 1;
  if (ak > bk) return -1;
  if (ak < bk) return 1;
  return 0;
}

/** Reads one token of kind `kind` at the reader's position: its value and the kind of the next one. */
function token(r: Reader, kind: number): { value: number; kind: number } {
  const s = r.s;
  if (r.pos >= s.length) return { value: 0, kind: END };
  let value = 0;
  let next = INVALID;
  if (kind === DIGIT_OR_ZERO && s[r.pos] === '0') {
    // Leading zeros after a dot: a fractional part, weighed by how many zeros lead it.
    while (r.pos < s.length && s[r.pos] === '0') {
      value--;
      r.pos++;
    }
    next = DIGIT;
  } else
    switch (kind) {
      case DIGIT_OR_ZERO:
      case DIGIT:
      case SUFFIX_NO:
      case REVISION_NO: {
        // apk reads numbers into an int; here runs past 2^53 saturate (apk's would overflow).
        while (r.pos < s.length && s.charCodeAt(r.pos) >= 48 && s.charCodeAt(r.pos) <= 57) {
          value = Math.min(value * 10 + (s.charCodeAt(r.pos) - 48), Number.MAX_SAFE_INTEGER);
          r.pos++;
        }
        break;
      }
      case LETTER:
        value = s.charCodeAt(r.pos);
        r.pos++;
        break;
      case SUFFIX: {
        const pre = PRE_SUFFIXES.findIndex((p) => s.startsWith(p, r.pos));
        if (pre >= 0) {
          value = pre - PRE_SUFFIXES.length;
          r.pos += PRE_SUFFIXES[pre]!.length;
          break;
        }
        const post = POST_SUFFIXES.findIndex((p) => s.startsWith(p, r.pos));
        if (post >= 0) {
          value = post;
          r.pos += POST_SUFFIXES[post]!.length;
          break;
        }
        return { value: -1, kind: INVALID };
      }
      default:
        return { value: -1, kind: INVALID };
    }
  if (r.pos >= s.length) return { value, kind: END };
  if (next !== INVALID) return { value, kind: next };
  return { value, kind: nextKind(r, kind) };
}

/** What kind of token follows one of `kind`, moving past a separator (`.`, `_`, `-r`). */
function nextKind(r: Reader, kind: number): number {
  const s = r.s;
  const c = s[r.pos]!;
  let n = INVALID;
  if ((kind === DIGIT || kind === DIGIT_OR_ZERO) && c >= 'a' && c <= 'z') n = LETTER;
  else if (kind === LETTER && c >= '0' && c <= '9') n = DIGIT;
  else if (kind === SUFFIX && c >= '0' && c <= '9') n = SUFFIX_NO;
  else {
    if (c === '.') n = DIGIT_OR_ZERO;
    else if (c === '_') n = SUFFIX;
    else if (c === '-' && s[r.pos + 1] === 'r') {
      n = REVISION_NO;
      r.pos++;
    }
    r.pos++;
  }
  // Kinds only move forward, except a new number after a number or a letter, and a new suffix after a suffix number.
  if (
    n < kind &&
    !(n === DIGIT_OR_ZERO && kind === DIGIT) &&
    !(n === SUFFIX && kind === SUFFIX_NO) &&
    !(n === DIGIT && kind === LETTER)
  )
    return INVALID;
  return n;
}
