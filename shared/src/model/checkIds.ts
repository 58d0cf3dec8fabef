/**
 * The spellings of finding ids: Trivy check ids and vulnerability ids.
 *
 * Check ids have been spelled several ways over the years:
 *  - Trivy Operator ConfigAuditReports, and Trivy before v0.69: `KSV001`, `DS002`, `KCV0001`
 *  - Trivy before v0.69 also: `AVDID: AVD-KSV-0001`; compliance specs: `AVD-KSV-0012`
 *  - Trivy v0.69+ (trivy-checks v2): `KSV-0001`, no AVDID
 *  - Trivy JSON `Namespace`: `builtin.kubernetes.KSV001` (stable across all of them)
 * We keep one canonical id — the Operator's form, so local and cluster findings join — and the
 * other spellings as aliases. {@link checkJoinKey} compares any two spellings.
 *
 * Vulnerability ids are written in upper case by Trivy (`CVE-2021-3449`; GitHub advisories
 * `GHSA-` and lower-case groups), but adapters and people retype them: `cve-2021-3449` is the same
 * vulnerability. Their canonical form is the one Trivy writes; other spellings are aliases.
 */

export interface CheckIdInput {
  /** `ID` / `checkID` / `id` as the source wrote it. */
  readonly id: string;
  /** `AVDID` of older Trivy JSON. */
  readonly avdId?: string;
  /** Rego `Namespace` of Trivy JSON, e.g. `builtin.kubernetes.KSV001`. */
  readonly namespace?: string;
}

export interface CanonicalCheckId {
  readonly id: string;
  readonly aliases: readonly string[];
}

// Digits the legacy (Operator) form uses per prefix; KCV checks were always four digits.
const LEGACY_WIDTH: Readonly<Record<string, number>> = { KCV: 4 };
const DEFAULT_WIDTH = 3;

const LEGACY = /^([A-Z]+)(\d+)$/;
const DASHED = /^(?:AVD-)?([A-Z]+)-(\d+)$/;
const NAMESPACED = /^builtin\.[a-z0-9_-]+\.([A-Z]+\d+)$/;

const CVE = /^CVE-\d{4}-\d{4,}$/i;
// GitHub advisory ids: three groups of four from the alphabet GitHub draws them from.
const GHSA = /^GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}$/i;
// Prefixes of the other advisory databases Trivy reports ids of (trivy-db sources: Debian, Ubuntu,
// Red Hat, Amazon, Oracle, Go, Rust, Python, OSV, GitLab, Bitnami, Node security WG), each
// followed by at least two dash- or colon-separated parts (`DLA-3210-1`, `RHSA-2021:1234`).
const ADVISORY =
  /^(?:DLA|DSA|USN|RHSA|RHBA|ALAS\d*|ELSA|GO|RUSTSEC|PYSEC|OSV|GMS|BIT|NSWG|TEMP|MAL)-[\w.]+[-:][\w.:-]+$/i;

/** Whether `raw` is a vulnerability id (CVE, GitHub advisory, or another advisory database's id). */
export function isVulnerabilityId(raw: string): boolean {
  const s = raw.trim();
  return CVE.test(s) || GHSA.test(s) || ADVISORY.test(s);
}

/** The spelling Trivy writes: `CVE-2021-3449`, `GHSA-jfh8-c2jp-5v3q`; other ids upper-cased before the first dash. */
function vulnerabilityForm(raw: string): string {
  const s = raw.trim();
  if (GHSA.test(s)) return `GHSA${s.slice(4).toLowerCase()}`;
  if (CVE.test(s)) return s.toUpperCase();
  const dash = s.indexOf('-');
  return s.slice(0, dash).toUpperCase() + s.slice(dash);
}

// Prefixes of the checks Trivy ships (trivy-checks: Kubernetes, Kubernetes CIS, Dockerfile);
// cloud checks only ever appear in the `AVD-AWS-0001` form.
const TRIVY_CHECK_PREFIXES = new Set(['KSV', 'KCV', 'DS']);

/**
 * Whether `raw` is a Trivy check id in any of its spellings (`KSV001`, `KSV-0001`,
 * `AVD-KSV-0001`, `AVD-AWS-0001`, `builtin.kubernetes.KSV001`); policy and rule names are not.
 */
export function isTrivyCheckId(raw: string): boolean {
  const s = raw.trim();
  const p = parts(s);
  return (
    p !== undefined && (TRIVY_CHECK_PREFIXES.has(p.prefix) || s.startsWith('AVD-') || NAMESPACED.test(s))
  );
}

function parts(raw: string): { prefix: string; num: number } | undefined {
  const m = LEGACY.exec(raw) ?? DASHED.exec(raw) ?? NAMESPACED.exec(raw);
  if (!m) return undefined;
  if (m.length === 2) return parts(m[1]!); // the namespaced form ends in a legacy id
  return { prefix: m[1]!, num: Number(m[2]) };
}

function legacyForm(prefix: string, num: number): string {
  return prefix + String(num).padStart(LEGACY_WIDTH[prefix] ?? DEFAULT_WIDTH, '0');
}

/**
 * A key equal for every spelling of one check (`KSV001`, `KSV-0001`, `AVD-KSV-0001` → `KSV:1`)
 * or one vulnerability (`cve-2021-3449`, `CVE-2021-3449` → `CVE-2021-3449`).
 */
export function checkJoinKey(raw: string): string {
  const s = raw.trim();
  const p = parts(s);
  if (p) return `${p.prefix}:${p.num}`;
  return isVulnerabilityId(s) ? vulnerabilityForm(s) : s;
}

/**
 * Canonical id plus aliases. A vulnerability id gets Trivy's spelling, with the given one as
 * alias when it differs; ids that are neither (policy names) pass through unchanged.
 */
export function canonicalCheckId(input: CheckIdInput): CanonicalCheckId {
  const raw = input.id.trim();
  if (!input.namespace && !input.avdId && isVulnerabilityId(raw)) {
    const id = vulnerabilityForm(raw);
    return { id, aliases: id === raw ? [] : [raw] };
  }
  const spellings = [input.namespace, input.id, input.avdId]
    .map((s) => s?.trim())
    .filter((s): s is string => !!s);
  const fromNamespace = input.namespace ? NAMESPACED.exec(input.namespace.trim())?.[1] : undefined;
  const fromLegacy = spellings.find((s) => LEGACY.test(s));
  let id = fromNamespace ?? fromLegacy;
  if (!id) {
    const p = parts(input.id.trim());
    id = p ? legacyForm(p.prefix, p.num) : input.id.trim();
  }
  const aliases = new Set<string>();
  for (const s of spellings) if (s !== id) aliases.add(s);
  const p = parts(id);
  if (p) {
    const four = `${p.prefix}-${String(p.num).padStart(4, '0')}`;
    // Add the v0.69 and AVD spellings so a search for either finds the check.
    for (const s of [four, `AVD-${four}`]) if (s !== id) aliases.add(s);
  }
  return { id, aliases: [...aliases] };
}
