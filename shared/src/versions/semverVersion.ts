import { compareDigits, MAX_VERSION_LENGTH } from './numericText.js';

/**
 * Semantic versions as Trivy compares them for Go, Cargo, Composer, NuGet, Pub, Hex, Conan,
 * Swift, Julia and Kubernetes components (aquasecurity/go-version's `version`, its
 * `GenericComparer`) and npm (aquasecurity/go-npm-version; the same order for the versions npm
 * accepts): any number of dot-separated numbers, compared by value with missing ones as 0
 * (`1.2` = `1.2.0`), then a pre-release (`-rc.1`, or letters right after the numbers, `1.0rc1`),
 * which sorts before the release; pre-release identifiers compare dot by dot, numbers by value and
 * below words, words by their characters, and a shorter list first. Build metadata (`+…`) is
 * ignored. A leading `v` (Go) or `=` (npm) is allowed.
 */
export interface Semver {
  readonly numbers: readonly string[];
  readonly prerelease: readonly string[];
}

// aquasecurity/go-version's pattern: numbers, then `-` and a pre-release starting with a digit,
// or an optional `-` and one starting with a letter, `-` or `~`, then `+` build metadata.
const PATTERN =
  /^v?(\d+(?:\.\d+)*)(?:-(\d[0-9A-Za-z\-~]*(?:\.[0-9A-Za-z\-~]+)*)|-?([A-Za-z\-~][0-9A-Za-z\-~]*(?:\.[0-9A-Za-z\-~]+)*))?(?:\+[0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*)?$/;

/** The numbers and pre-release identifiers of a version; `undefined` when it is not one. */
export function parseSemver(text: string): Semver | undefined {
  let v = text.trim();
  if (v.startsWith('=')) v = v.slice(1).trim();
  if (v === '' || v.length > MAX_VERSION_LENGTH) return undefined;
  const m = PATTERN.exec(v);
  if (!m) return undefined;
  const pre = m[2] ?? m[3];
  return { numbers: m[1]!.split('.'), prerelease: pre ? pre.split('.') : [] };
}

/** The order of two versions (-1, 0, 1); `undefined` when either cannot be read. */
export function compareSemvers(a: string, b: string): number | undefined {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return undefined;
  const n = Math.max(x.numbers.length, y.numbers.length);
  for (let i = 0; i < n; i++) {
    const d = compareDigits(x.numbers[i] ?? '0', y.numbers[i] ?? '0');
    if (d !== 0) return d;
  }
  return comparePrerelease(x.prerelease, y.prerelease);
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    const d = xn && yn ? compareDigits(x, y) : xn ? -1 : yn ? 1 : x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return d;
  }
  return 0;
}
