import { checkJoinKey } from '../model/checkIds.js';
import type { Finding, PackageInfo, PackageStatus } from '../model/finding.js';
import { countsTowardTotals } from '../model/findingFilter.js';
import {
  emptyCounts,
  SEVERITIES,
  severityRank,
  type Severity,
  type SeverityCounts,
} from '../model/severity.js';
import type { SummaryInput } from '../summary/findingSummary.js';
import {
  compareVersions,
  VERSION_SCHEMES,
  versionSchemeOf,
  type VersionScheme,
} from '../versions/versionSchemes.js';
import { FindingPlaces } from './findingPlaces.js';

/**
 * Upgrades instead of rows: the vulnerabilities of any findings (an offline read, a cluster
 * store's `findingsWithWorkloads()`) grouped by the package they are in, with the one version that
 * fixes all of a package's fixable vulnerabilities — "openssl 1.1.1k → 1.1.1n clears 14 findings
 * in 3 workloads" — and the packages whose vulnerabilities have no fix kept apart. Plain data,
 * sorted by what an upgrade clears.
 *
 * A package is its name, installed version, PURL and path in the artifact (`PkgPath`): the same
 * package in several images is one upgrade that clears findings in each of them (its images are
 * counted). The same vulnerability of a package found again in another container, report or file
 * of the same workload (or, without a workload, of the same image or target) counts once.
 */
export interface UpgradeOptions {
  /** Most workload keys and image names listed per package (counts stay exact); default 100. */
  readonly listLimit?: number;
}

/** Which package: what the findings say of it. */
export interface PackageIdentity {
  readonly name: string;
  readonly installedVersion?: string;
  readonly purl?: string;
  readonly path?: string;
  /** Trivy's package type (`debian`, `npm` …), when the source names it. */
  readonly type?: string;
}

/** What acting on a package clears (or, for a package without a fix, what stays). */
export interface PackageTally {
  /** `name\0installed\0purl\0path`: the package's identity. */
  readonly key: string;
  readonly package: PackageIdentity;
  /** Distinct vulnerabilities by severity. */
  readonly counts: SeverityCounts;
  readonly worst: Severity;
  /** Distinct vulnerabilities (ids in any spelling counted once). */
  readonly vulnerabilities: number;
  /** Findings, the same vulnerability in one workload (or image, or target) counted once. */
  readonly findings: number;
  readonly workloads: number;
  readonly images: number;
  /** Keys of the workloads (`Deployment/shop/web`), sorted, at most `listLimit`. */
  readonly workloadKeys: readonly string[];
  /** Names of the images (`imageRef`), sorted, at most `listLimit`. */
  readonly imageRefs: readonly string[];
}

/** One vulnerability an upgrade fixes. */
export interface UpgradeFix {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** As the source wrote it: a version, or several comma-separated, one per release branch. */
  readonly fixedVersion: string;
  /** The version that fixes it on the installed branch (the lowest not below the installed one), when sure. */
  readonly fixedBy?: string;
  readonly findings: number;
}

/**
 * How sure the version is: `known` — compared in the package's own version order (from its PURL or
 * type); `agreed` — the order is not known, but every order in which all the versions are valid
 * gives the same answer; `uncertain` — they disagree, or the versions are valid in none: no version
 * is given, `candidates` lists what it may be.
 */
export type UpgradeCertainty = 'known' | 'agreed' | 'uncertain';

export interface PackageUpgrade extends PackageTally {
  /** The version order used, when known from the package. */
  readonly scheme?: VersionScheme;
  /** The version that fixes every vulnerability below; absent when `uncertain`. */
  readonly to?: string;
  /** `[to]` when sure; otherwise every version it may be. */
  readonly candidates: readonly string[];
  readonly certainty: UpgradeCertainty;
  /** Why it is not sure, in a sentence. */
  readonly reason?: string;
  /** Most severe first. */
  readonly fixes: readonly UpgradeFix[];
}

/** A vulnerability without a fix to install. */
export interface UnfixedVulnerability {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  /** Trivy's status (`will_not_fix`, `affected`, `fix_deferred` …), or `no-fixed-version` when the source says none. */
  readonly reason: PackageStatus | 'no-fixed-version';
  readonly findings: number;
}

export interface UnfixedPackage extends PackageTally {
  /** Most severe first. */
  readonly unfixed: readonly UnfixedVulnerability[];
}

export interface UpgradePlan {
  /** Most severe first (by distinct vulnerabilities per severity), then by findings cleared. */
  readonly fixable: readonly PackageUpgrade[];
  /** Ordered the same way. */
  readonly unfixable: readonly UnfixedPackage[];
}

// A fixed version with these statuses is not one a person can install (trivy-db `Status`).
const FIXED_STATUSES: ReadonlySet<PackageStatus | undefined> = new Set([undefined, 'fixed', 'unknown']);

interface Vuln {
  id: string;
  severity: Severity;
  title: string;
  /** The `fixedVersion` texts seen (one, unless sources of different database dates disagree). */
  readonly fixedTexts: Set<string>;
  reason: PackageStatus | 'no-fixed-version';
  readonly places: Set<string>;
}

interface Group {
  readonly key: string;
  readonly package: PackageIdentity;
  readonly fixable: Map<string, Vuln>;
  readonly unfixable: Map<string, Vuln>;
  readonly workloads: [Set<string>, Set<string>];
  readonly images: [Set<string>, Set<string>];
}

/** Groups the vulnerabilities of `items` by package and picks each package's upgrade. */
export function planUpgrades(items: Iterable<SummaryInput>, options: UpgradeOptions = {}): UpgradePlan {
  const limit = options.listLimit ?? 100;
  const places = new FindingPlaces();
  const groups = new Map<string, Group>();
  const byPackage = new Map<PackageInfo, Group>();
  const joinKeys = new Map<string, string>();
  for (const item of items) {
    const { finding: f, workload } = places.read(item);
    const pkg = f.package;
    if (f.type !== 'vulnerability' || !pkg || !countsTowardTotals(f)) continue;
    let group = byPackage.get(pkg);
    if (!group) {
      const key = packageKey(pkg);
      group = groups.get(key);
      if (!group) groups.set(key, (group = newGroup(key, pkg)));
      byPackage.set(pkg, group);
    }
    let joinKey = joinKeys.get(f.id);
    if (joinKey === undefined) joinKeys.set(f.id, (joinKey = checkJoinKey(f.id)));
    const fixedText = pkg.fixedVersion?.trim();
    const fixable = isFixable(pkg);
    const side = fixable ? 0 : 1;
    const vulns = fixable ? group.fixable : group.unfixable;
    let v = vulns.get(joinKey);
    if (!v) {
      vulns.set(
        joinKey,
        (v = {
          id: f.id,
          severity: f.severity,
          title: f.title,
          fixedTexts: new Set(),
          reason: pkg.status && !FIXED_STATUSES.has(pkg.status) ? pkg.status : 'no-fixed-version',
          places: new Set(),
        }),
      );
    } else if (severityRank(f.severity) > severityRank(v.severity)) v.severity = f.severity;
    if (fixedText) v.fixedTexts.add(fixedText);
    const image = places.image(f);
    const wkey = workload ? places.workloadKey(workload) : undefined;
    v.places.add(wkey ?? (image ? `image\0${image}` : `target\0${f.target ?? ''}\0${f.origin.file ?? ''}`));
    if (wkey) group.workloads[side].add(wkey);
    if (image) group.images[side].add(image);
  }
  const fixable: PackageUpgrade[] = [];
  const unfixable: UnfixedPackage[] = [];
  for (const g of groups.values()) {
    if (g.fixable.size > 0) fixable.push(upgradeOf(g, limit));
    if (g.unfixable.size > 0) unfixable.push(unfixedOf(g, limit));
  }
  return { fixable: fixable.sort(byWhatItClears), unfixable: unfixable.sort(byWhatItClears) };
}

/**
 * Where a finding counts in a plan: the key of its package ({@link PackageTally.key}) and whether
 * it is on the fixable side (`fixable`) or the unfixable one; `undefined` for a finding no entry
 * counts (not a vulnerability, no package, suppressed). A host filtering findings by an entry of
 * the plan asks this, so its rows and the plan's counts agree.
 */
export function upgradeEntryOf(f: Finding): { readonly key: string; readonly fixable: boolean } | undefined {
  const pkg = f.package;
  if (f.type !== 'vulnerability' || !pkg || !countsTowardTotals(f)) return undefined;
  return { key: packageKey(pkg), fixable: isFixable(pkg) };
}

/** A fixed version is named, and its status is one a person can install. */
function isFixable(pkg: PackageInfo): boolean {
  return !!pkg.fixedVersion?.trim() && FIXED_STATUSES.has(pkg.status);
}

function newGroup(key: string, pkg: PackageInfo): Group {
  return {
    key,
    package: {
      name: pkg.name,
      ...(pkg.installedVersion ? { installedVersion: pkg.installedVersion } : {}),
      ...(pkg.purl ? { purl: pkg.purl } : {}),
      ...(pkg.path ? { path: pkg.path } : {}),
      ...(pkg.type ? { type: pkg.type } : {}),
    },
    fixable: new Map(),
    unfixable: new Map(),
    workloads: [new Set(), new Set()],
    images: [new Set(), new Set()],
  };
}

function packageKey(pkg: PackageInfo): string {
  return `${pkg.name}\0${pkg.installedVersion ?? ''}\0${pkg.purl ?? ''}\0${pkg.path ?? ''}`;
}

function tally(g: Group, vulns: Map<string, Vuln>, side: 0 | 1, limit: number): PackageTally {
  const counts = emptyCounts();
  let findings = 0;
  for (const v of vulns.values()) {
    counts[v.severity]++;
    findings += v.places.size;
  }
  return {
    key: g.key,
    package: g.package,
    counts,
    worst: SEVERITIES.find((s) => counts[s] > 0) ?? 'UNKNOWN',
    vulnerabilities: vulns.size,
    findings,
    workloads: g.workloads[side].size,
    images: g.images[side].size,
    workloadKeys: firstSorted(g.workloads[side], limit),
    imageRefs: firstSorted(g.images[side], limit),
  };
}

function upgradeOf(g: Group, limit: number): PackageUpgrade {
  const vulns = [...g.fixable.values()].sort(bySeverityThenId);
  const scheme = versionSchemeOf(g.package);
  const choice = chooseVersion(g.package.installedVersion, vulns, scheme);
  return {
    ...tally(g, g.fixable, 0, limit),
    ...(scheme ? { scheme } : {}),
    ...(choice.to !== undefined ? { to: choice.to } : {}),
    candidates: choice.candidates,
    certainty: choice.certainty,
    ...(choice.reason ? { reason: choice.reason } : {}),
    fixes: vulns.map((v, i) => ({
      id: v.id,
      severity: v.severity,
      title: v.title,
      fixedVersion: [...v.fixedTexts].join(', '),
      ...(choice.picks?.[i] !== undefined ? { fixedBy: choice.picks[i] } : {}),
      findings: v.places.size,
    })),
  };
}

function unfixedOf(g: Group, limit: number): UnfixedPackage {
  return {
    ...tally(g, g.unfixable, 1, limit),
    unfixed: [...g.unfixable.values()].sort(bySeverityThenId).map((v) => ({
      id: v.id,
      severity: v.severity,
      title: v.title,
      reason: v.reason,
      findings: v.places.size,
    })),
  };
}

interface Choice {
  readonly to?: string;
  readonly picks?: readonly (string | undefined)[];
  readonly candidates: readonly string[];
  readonly certainty: UpgradeCertainty;
  readonly reason?: string;
}

/** The outcome of one version order: the version per vulnerability and the highest of them, or why not. */
type Picked = { readonly to: string; readonly picks: readonly string[] } | { readonly error: string };

/**
 * The version that fixes every vulnerability: per vulnerability the lowest of its fixed versions
 * (one per release branch) that is not below the installed version, then the highest of those.
 */
function chooseVersion(
  installed: string | undefined,
  vulns: readonly Vuln[],
  scheme: VersionScheme | undefined,
): Choice {
  const versions = vulns.map((v) => distinctVersions(v.fixedTexts));
  const every = distinctVersions(vulns.flatMap((v) => [...v.fixedTexts]));
  const pick = (s: VersionScheme): Picked => pickIn(s, installed, versions);
  if (scheme) {
    const r = pick(scheme);
    if ('to' in r) return { to: r.to, picks: r.picks, candidates: [r.to], certainty: 'known' };
    return { candidates: every, certainty: 'uncertain', reason: r.error };
  }
  const results = VERSION_SCHEMES.map((s) => [s, pick(s)] as const).filter(
    (e): e is readonly [VersionScheme, Extract<Picked, { to: string }>] => 'to' in e[1],
  );
  if (results.length === 0) {
    return {
      candidates: every,
      certainty: 'uncertain',
      reason: 'the package names no version order (no PURL or package type) and its versions fit none',
    };
  }
  // An answer is right in an order when no vulnerability's pick is above it there; one right in
  // every order the versions fit is sure (an order may hold two of them equal: semver ignores
  // `+deb10u5` as build metadata, dpkg does not).
  const answers = [...new Set(results.map(([, r]) => r.to))];
  const agreed = answers.find((a) =>
    results.every(([s, r]) => r.picks.every((p) => compareVersions(s, a, p)! >= 0)),
  );
  if (agreed !== undefined) {
    // Per vulnerability, a pick all orders agree on.
    const [, first] = results[0]!;
    const picks = first.picks.map((p, i) => (results.every(([, r]) => r.picks[i] === p) ? p : undefined));
    return { to: agreed, picks, candidates: [agreed], certainty: 'agreed' };
  }
  return {
    candidates: answers,
    certainty: 'uncertain',
    reason: `the package names no version order (no PURL or package type) and the orders its versions fit disagree: ${results
      .map(([s, r]) => `${s} gives ${r.to}`)
      .join(', ')}`,
  };
}

function pickIn(scheme: VersionScheme, installed: string | undefined, versions: readonly string[][]): Picked {
  if (installed === undefined) return { error: 'the installed version is not known' };
  const picks: string[] = [];
  for (const list of versions) {
    let best: string | undefined;
    for (const v of list) {
      const vsInstalled = compareVersions(scheme, v, installed);
      if (vsInstalled === undefined) return { error: `${v} or ${installed} is not a ${scheme} version` };
      if (vsInstalled < 0) continue;
      if (best === undefined || compareVersions(scheme, v, best)! < 0) best = v;
    }
    if (best === undefined) return { error: `no fixed version of ${list.join(', ')} is above ${installed}` };
    picks.push(best);
  }
  let to = picks[0]!;
  for (const p of picks) if (compareVersions(scheme, p, to)! > 0) to = p;
  return { to, picks };
}

/**
 * The versions of `fixedVersion` texts, each once, in order. Trivy joins the patched versions of
 * an advisory with `, ` (`createFixedVersions` in `pkg/detector/library/driver.go`); older Trivy
 * wrote some advisories' patched ranges as they were (`>= 3.1.0, >= 2.1.3, < 3.0.0`, RustSec):
 * there a `>=` (or `=`) bound is a fixed version and a `<` bound only closes a branch.
 */
function distinctVersions(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    for (const raw of t.split(',')) {
      const part = raw.trim();
      if (part === '' || part.startsWith('<')) continue;
      const version = part.replace(/^(?:>=|==|=)\s*/, '');
      if (version !== '') out.add(version);
    }
  }
  return [...out];
}

function bySeverityThenId(a: Vuln, b: Vuln): number {
  return severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function byWhatItClears(a: PackageTally, b: PackageTally): number {
  for (const s of SEVERITIES) if (a.counts[s] !== b.counts[s]) return b.counts[s] - a.counts[s];
  return b.findings - a.findings || b.workloads - a.workloads || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function firstSorted(values: Set<string>, limit: number): string[] {
  return [...values].sort().slice(0, limit);
}
