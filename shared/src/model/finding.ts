import type { Line1, LineRange } from './lines.js';
import type { Severity } from './severity.js';

/** What kind of weakness a finding describes; one per report family. */
export const FINDING_TYPES = [
  'vulnerability',
  'misconfiguration',
  'secret',
  'rbac',
  'infra',
  'compliance',
  'policy',
  'license',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/**
 * The Kubernetes object a finding concerns. Readers fill what the source says; owner resolution
 * (see `workloads/ownerResolution.ts`) may lift a ReplicaSet to its Deployment later.
 */
export interface ResourceRef {
  readonly apiVersion?: string;
  readonly kind: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
  /** The container the finding is about, when the source names one. */
  readonly container?: string;
}

/** Fix state of a vulnerable package, as Trivy names it (`pkg/types` `Status`), lower case. */
export type PackageStatus =
  | 'fixed'
  | 'affected'
  | 'will_not_fix'
  | 'fix_deferred'
  | 'end_of_life'
  | 'under_investigation'
  | 'not_affected'
  | 'unknown';

export interface PackageInfo {
  readonly name: string;
  readonly installedVersion?: string;
  /** Comma-separated as Trivy writes it when several versions fix it. */
  readonly fixedVersion?: string;
  readonly purl?: string;
  readonly status?: PackageStatus;
  /** Where the package was found inside the artifact (`PkgPath`), e.g. a jar or a binary. */
  readonly path?: string;
  /**
   * What kind of package, as Trivy names it: its result's `Type` — an OS family (`debian`,
   * `alpine`, `redhat` …) for OS packages, a language type (`npm`, `jar`, `gobinary` …) for
   * libraries — or a VulnerabilityReport's `packageType`. With the PURL, it tells which version
   * order applies (`versions/versionSchemes.ts`).
   */
  readonly type?: string;
}

/** The image (or other artifact) a vulnerability report is about; shared by its findings. */
export interface ArtifactRef {
  readonly registry?: string;
  readonly repository?: string;
  readonly tag?: string;
  /** `sha256:…`; the key of the by-image index. */
  readonly digest?: string;
}

/** One vendor's CVSS figures (`nvd`, `redhat`, `ghsa` …); any version may be missing. */
export interface CvssScore {
  readonly source: string;
  readonly v2Score?: number;
  readonly v2Vector?: string;
  readonly v3Score?: number;
  readonly v3Vector?: string;
  readonly v40Score?: number;
  readonly v40Vector?: string;
}

/** Where in a file a finding is. Lines are 1-based ({@link LineRange}). */
export interface SourceLocation extends LineRange {
  /** Path as the source gave it: relative to the scanned artifact for Trivy, absolute or relative for our own scans. */
  readonly path: string;
  /**
   * True when the lines do not point into `path` itself: Helm findings (lines of the rendered
   * manifest), `trivy k8s` (lines of Trivy's own serialisation of the live object), or a
   * range found by identity rather than by line.
   */
  readonly approximate: boolean;
}

/** The lines a local misconfiguration names as its cause, for narrowing a block to a line. */
export interface CauseLines {
  /** Lines marked `IsCause`, in order. */
  readonly lines: readonly number[];
  /** The line marked `FirstCause`, when Trivy marked one. */
  readonly first?: number;
}

/** The formats we read, named by what they are, not by file name. */
export const SOURCE_FORMATS = [
  'trivy-json',
  'trivy-json-legacy',
  'trivy-k8s-json',
  'sarif',
  'cyclonedx',
  'report-object',
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Where a finding came from, so a person can go back to the source. */
export interface Origin {
  /** `trivy`, `trivy-operator`, `starboard`, `kyverno`, or a PolicyReport `source`. */
  readonly tool: string;
  readonly toolVersion?: string;
  readonly format: SourceFormat;
  /** The file it was read from (offline), if any. */
  readonly file?: string;
  /** The report object it was read from (cluster or a saved `kubectl get -o yaml`). */
  readonly report?: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
    readonly uid?: string;
  };
}

/** What the check said. Only `fail` counts as a finding unless passes are asked for. */
export type Outcome = 'fail' | 'warn' | 'error' | 'pass' | 'skip';

/**
 * One finding of any source, normalised. Objects are shared, not copied: all findings of one
 * report point at the same `resource` and `origin` objects, which keeps the cluster store lean.
 */
export interface Finding {
  readonly type: FindingType;
  /** Canonical id: CVE/GHSA id, check id in Trivy Operator form (`KSV001`), policy/rule name. */
  readonly id: string;
  /** Other spellings of the same id (`KSV-0001`, `AVD-KSV-0001`, `builtin.kubernetes.KSV001`). */
  readonly aliases: readonly string[];
  readonly severity: Severity;
  readonly title: string;
  readonly description?: string;
  /** The message for this instance (Trivy `Message`, policy result `message`). */
  readonly message?: string;
  readonly resolution?: string;
  readonly primaryUrl?: string;
  readonly references: readonly string[];
  readonly package?: PackageInfo;
  readonly cvss: readonly CvssScore[];
  /** Trivy's target: image+OS, lock file, manifest path, or check category for cluster checks. */
  readonly target?: string;
  readonly resource?: ResourceRef;
  /** The image scanned, for vulnerability, secret and SBOM findings; same object for a whole report. */
  readonly artifact?: ArtifactRef;
  readonly location?: SourceLocation;
  readonly cause?: CauseLines;
  /** Secret findings only: the matched text, masked exactly as the scanner masked it. */
  readonly match?: string;
  /** Check category or secret category (`AWS`, `Kubernetes Security Check` …). */
  readonly category?: string;
  /** Timestamps stay strings as the source wrote them. */
  readonly publishedDate?: string;
  readonly lastModifiedDate?: string;
  readonly outcome: Outcome;
  readonly origin: Origin;
  /**
   * The other places the same finding was read from, when copies of it from several sources (one
   * report saved twice, an image scanned to JSON and to SARIF) were merged into this one
   * (`model/duplicateFindings.ts`); `origin` is the copy that was kept. Absent otherwise, and
   * never set in the cluster store, which holds each report once.
   */
  readonly alsoSeenIn?: readonly Origin[];
  /** Matched by a `.trivyignore` entry, or reported as suppressed by the source. */
  readonly suppressed: boolean;
  /** The ignore entry that suppresses it, when an ignore file does (absent when the source said so). */
  readonly suppression?: Suppression;
}

/** What a person wrote when suppressing a finding: the ignore entry, as the hover shows it. */
export interface Suppression {
  /** The ignore file, as the caller named it. */
  readonly source?: string;
  /** The entry's line in that file. */
  readonly line: Line1;
  readonly statement?: string;
  /** The entry's `expired_at` / `exp:` as written: the finding counts again from that day (UTC). */
  readonly expiresAt?: string;
}
