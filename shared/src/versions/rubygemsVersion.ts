import { compareDigits, MAX_VERSION_LENGTH } from './numericText.js';

/**
 * RubyGems versions as `Gem::Version` orders them (aquasecurity/go-gem-version, which Trivy's
 * Bundler, gemspec and CocoaPods detection uses): `-` reads as `.pre.`; the text is cut into runs
 * of digits (numbers) and of letters (words); trailing zeros of the numeric part and of the part
 * from the first word on are dropped; then segments compare in turn, a missing one as 0, numbers
 * by value, words by their characters, and a word before a number (`1.0.a` < `1.0`).
 */
const VALID = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

type Segment = string | { readonly n: string };

/** The canonical segments of a gem version; `undefined` when it is not one. */
export function parseGemVersion(text: string): readonly Segment[] | undefined {
  const v = text.trim();
  if (v.length > MAX_VERSION_LENGTH) return undefined;
  // Gem::Version reads an empty version as "0".
  if (v !== '' && !VALID.test(v)) return undefined;
  const segments: Segment[] = [];
  for (const m of (v || '0').replace(/-/g, '.pre.').matchAll(/[0-9]+|[a-z]+/gi))
    segments.push(/^\d/.test(m[0]) ? { n: m[0] } : m[0]);
  const firstWord = segments.findIndex((s) => typeof s === 'string');
  const numeric = firstWord < 0 ? segments : segments.slice(0, firstWord);
  const rest = firstWord < 0 ? [] : segments.slice(firstWord);
  return [...dropTrailingZeros(numeric), ...dropTrailingZeros(rest)];
}

/** RubyGems' order of two versions (-1, 0, 1); `undefined` when either is not a gem version. */
export function compareGemVersions(a: string, b: string): number | undefined {
  const x = parseGemVersion(a);
  const y = parseGemVersion(b);
  if (!x || !y) return undefined;
  const zero = { n: '0' };
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const l = x[i] ?? zero;
    const r = y[i] ?? zero;
    if (typeof l === 'string' && typeof r === 'string') {
      if (l !== r) return l < r ? -1 : 1;
    } else if (typeof l === 'string') return -1;
    else if (typeof r === 'string') return 1;
    else {
      const d = compareDigits(l.n, r.n);
      if (d !== 0) return d;
    }
  }
  return 0;
}

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0) {
    const s = segments[end - 1]!;
    if (typeof s === 'string' || !/^0+$/.test(s.n)) break;
    end--;
  }
  return segments.slice(0, end);
}
