/**
 * Check ids have been spelled several ways over the years:
 *  - Trivy Operator ConfigAuditReports, and Trivy before v0.69: `KSV001`, `DS002`, `KCV0001`
 *  - Trivy before v0.69 also: `AVDID: AVD-KSV-0001`; compliance specs: `AVD-KSV-0012`
 *  - Trivy v0.69+ (trivy-checks v2): `KSV-0001`, no AVDID
 *  - Trivy JSON `Namespace`: `builtin.kubernetes.KSV001` (stable across all of them)
 * We keep one canonical id — the Operator's form, so local and cluster findings join — and the
 * other spellings as aliases. {@link checkJoinKey} compares any two spellings.
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

function parts(raw: string): { prefix: string; num: number } | undefined {
  const m = LEGACY.exec(raw) ?? DASHED.exec(raw) ?? NAMESPACED.exec(raw);
  if (!m) return undefined;
  if (m.length === 2) return parts(m[1]!); // the namespaced form ends in a legacy id
  return { prefix: m[1]!, num: Number(m[2]) };
}

function legacyForm(prefix: string, num: number): string {
  return prefix + String(num).padStart(LEGACY_WIDTH[prefix] ?? DEFAULT_WIDTH, '0');
}

/** A key equal for every spelling of one check: `KSV001`, `KSV-0001`, `AVD-KSV-0001` → `KSV:1`. */
export function checkJoinKey(raw: string): string {
  const p = parts(raw.trim());
  return p ? `${p.prefix}:${p.num}` : raw.trim();
}

/** Canonical id plus aliases; ids that are not Trivy check ids (policy names) pass through unchanged. */
export function canonicalCheckId(input: CheckIdInput): CanonicalCheckId {
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
