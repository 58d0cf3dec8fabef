import type { Parsed, Problem } from '../model/problem.js';
import type { TrivyVersion } from '../ports/trivyRunner.js';
import { isRecord, num, text } from '../readers/fields.js';
import { jsonValueFault, notTextFault } from '../text/inputGuard.js';

/**
 * Trivy releases that changed the command line we build, each checked against the Trivy
 * repository (tags and `pkg/flag`, `pkg/commands/app.go` at each tag):
 * - `scannersFlag`: `--scanners` replaced `--security-checks` in v0.37.0
 *   (aquasecurity/trivy#3467, commit e1076085); the old name stays a deprecated alias.
 * - `misconfigScannerName`: the scanner value `misconfig` exists since v0.48.0 (#5558, #5587);
 *   before, it was `config`, which later releases still accept with a warning.
 * - `skipCheckUpdateFlag`: `--skip-check-update` replaced `--skip-policy-update` in v0.51.0
 *   (#6476, commit 37da98df); the old name stays a deprecated alias.
 * - `telemetryFlags`: `--disable-telemetry` and `--skip-version-check` arrived in v0.63.0
 *   (#8553) on image, fs, repo and k8s, but only in v0.64.0 on `trivy config`
 *   (#8951, "Add missing version check flags"); passing them to an older Trivy is an unknown flag.
 */
export const TRIVY_FEATURES = {
  scannersFlag: '0.37.0',
  misconfigScannerName: '0.48.0',
  skipCheckUpdateFlag: '0.51.0',
  telemetryFlags: '0.63.0',
  telemetryFlagsOnConfig: '0.64.0',
} as const;
export type TrivyFeature = keyof typeof TRIVY_FEATURES;

/**
 * The oldest Trivy whose command line we build: v0.30.0 moved the CLI from urfave/cli to cobra
 * (#2458), which is where the flag names and the `--` handling we rely on start.
 */
export const OLDEST_SUPPORTED_TRIVY = '0.30.0';

/** The numeric part of a release; pre-release and build suffixes are dropped. */
export interface ReleaseNumber {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Reads `0.58.1`, `v0.58.1`, `0.51.0-rc.1`; `undefined` for `dev` and anything else. */
export function parseReleaseNumber(version: string): ReleaseNumber | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(version.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** Orders two release numbers; negative when `a` is older. */
export function compareReleases(a: ReleaseNumber, b: ReleaseNumber): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * True when `version` is at least `minimum`. An unknown version (`undefined`), a source build
 * (`dev`) or an unreadable one count as the newest Trivy: gating a flag off for them would make
 * a current Trivy run with deprecated spellings, while the newest spelling is what they accept.
 * A pre-release counts as its release (`0.51.0-rc.1` ≥ `0.51.0`), since release candidates carry
 * the release's flags.
 */
export function isTrivyAtLeast(version: TrivyVersion | undefined, minimum: string): boolean {
  const have = version === undefined ? undefined : parseReleaseNumber(version.version);
  const need = parseReleaseNumber(minimum);
  if (have === undefined || need === undefined) return true;
  return compareReleases(have, need) >= 0;
}

/** True when the Trivy at `version` has `feature` (see {@link TRIVY_FEATURES}). */
export function trivySupports(version: TrivyVersion | undefined, feature: TrivyFeature): boolean {
  return isTrivyAtLeast(version, TRIVY_FEATURES[feature]);
}

/**
 * Reads the output of `trivy --version --format json`. The shape is `types.VersionInfo` in
 * aquasecurity/trivy `pkg/types/version.go`: `Version`, and when the caches exist
 * `VulnerabilityDB` {Version, NextUpdate, UpdatedAt, DownloadedAt}, `JavaDB` (same) and
 * `CheckBundle` {Digest, DownloadedAt} — named `PolicyBundle` before v0.51.0 (see the JSON in
 * `pkg/commands/app_test.go` at v0.50.0 and at v0.74.0). Also reads the plain-text form
 * (`Version: 0.50.0` …, `VersionInfo.String()`) in case a wrapper drops `--format`.
 * Never throws; `value` is `undefined` when no version could be read.
 */
export function parseTrivyVersionOutput(
  output: string,
  source = 'trivy --version',
): Parsed<TrivyVersion | undefined> {
  const problems: Problem[] = [];
  const start = output.indexOf('{');
  if (start !== -1) {
    let doc: unknown;
    const json = output.slice(start);
    try {
      doc = JSON.parse(json);
    } catch (err) {
      problems.push({
        level: 'error',
        message: `unreadable version JSON: ${(err as Error).message}`,
        source,
      });
      return { value: undefined, problems };
    }
    const fault = notTextFault(json) ?? jsonValueFault(doc, json);
    if (fault) {
      problems.push({ level: 'error', message: `unreadable version JSON: ${fault.message}`, source });
      return { value: undefined, problems };
    }
    return fromJson(doc, source, problems);
  }
  return fromText(output, source, problems);
}

function fromJson(doc: unknown, source: string, problems: Problem[]): Parsed<TrivyVersion | undefined> {
  const version = isRecord(doc) ? text(doc.Version) : undefined;
  if (!isRecord(doc) || version === undefined) {
    problems.push({ level: 'error', message: 'the version output has no "Version" field', source });
    return { value: undefined, problems };
  }
  const db = isRecord(doc.VulnerabilityDB) ? doc.VulnerabilityDB : undefined;
  const bundleField = doc.CheckBundle ?? doc.PolicyBundle;
  const bundle = isRecord(bundleField) ? bundleField : undefined;
  const value: TrivyVersion = {
    version,
    ...(db && { vulnerabilityDb: { version: num(db.Version), updatedAt: text(db.UpdatedAt) } }),
    ...(bundle && { checkBundle: { digest: text(bundle.Digest), downloadedAt: text(bundle.DownloadedAt) } }),
  };
  return { value: checked(value, source, problems), problems };
}

// `VersionInfo.String()`: "Version: dev\nVulnerability DB:\n  Version: 2\n  UpdatedAt: 2022-03-02 06:07:07.99504083 +0000 UTC\n…"
function fromText(output: string, source: string, problems: Problem[]): Parsed<TrivyVersion | undefined> {
  const version = /^Version:\s*(\S+)/m.exec(output)?.[1];
  if (version === undefined) {
    problems.push({ level: 'error', message: 'no version in the output of trivy --version', source });
    return { value: undefined, problems };
  }
  const dbBlock = /^Vulnerability DB:\n((?:[ \t]+.*\n?)*)/m.exec(output)?.[1];
  const dbVersion = dbBlock && /Version:\s*(\d+)/.exec(dbBlock)?.[1];
  const updatedAt = dbBlock && /UpdatedAt:\s*(.+)/.exec(dbBlock)?.[1];
  const value: TrivyVersion = {
    version,
    ...(dbBlock !== undefined
      ? {
          vulnerabilityDb: {
            version: dbVersion ? Number(dbVersion) : undefined,
            updatedAt: updatedAt ? goTimeToIso(updatedAt.trim()) : undefined,
          },
        }
      : {}),
  };
  return { value: checked(value, source, problems), problems };
}

function checked(value: TrivyVersion, source: string, problems: Problem[]): TrivyVersion {
  if (value.version !== 'dev' && parseReleaseNumber(value.version) === undefined) {
    problems.push({
      level: 'warning',
      message: `unrecognised Trivy version "${value.version}"; assuming the newest command line`,
      source,
    });
  }
  return value;
}

/** Go's `time.Time.String()` in UTC ("2022-03-02 06:07:07.99504083 +0000 UTC") to ISO 8601. */
function goTimeToIso(value: string): string {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) \+0000 UTC$/.exec(value);
  return m ? `${m[1]}T${m[2]}Z` : value;
}
