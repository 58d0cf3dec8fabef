/**
 * The one severity scale of the code base, ordered from most to least severe. Trivy, Trivy
 * Operator, SARIF and policy reports all map onto it here and nowhere else.
 */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Readonly<Record<Severity, number>> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };

/** Sorts most severe first: `list.sort(compareSeverity)`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

/** True when `s` is at least as severe as `threshold`. */
export function isAtLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

/** Numeric rank, 0 (UNKNOWN) to 4 (CRITICAL); for counting arrays and sort keys. */
export function severityRank(s: Severity): number {
  return RANK[s];
}

// Names seen in the formats we read: Trivy/Operator upper case, PolicyReport lower case
// (`critical|high|medium|low|info`), SARIF levels, and GitHub's "moderate".
const NAMES: Readonly<Record<string, Severity>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  moderate: 'MEDIUM',
  low: 'LOW',
  info: 'LOW',
  informational: 'LOW',
  negligible: 'LOW',
  unknown: 'UNKNOWN',
  none: 'UNKNOWN',
  error: 'HIGH',
  // Polaris, which Starboard ran for configuration audits, says danger/warning.
  danger: 'HIGH',
  warning: 'MEDIUM',
  note: 'LOW',
};

/**
 * Parses any severity we meet: names in any case, or a number. Numbers are read as CVSS-style
 * scores (0–10, the bands of CVSS v3: ≥9 critical, ≥7 high, ≥4 medium, >0 low), which is what
 * SARIF's `security-severity` and vendor scores carry. Unparseable input is UNKNOWN, never a throw.
 */
export function parseSeverity(value: unknown): Severity {
  if (typeof value === 'number') return fromScore(value);
  if (typeof value !== 'string') return 'UNKNOWN';
  const text = value.trim();
  const named = NAMES[text.toLowerCase()];
  if (named) return named;
  if (text !== '' && Number.isFinite(Number(text))) return fromScore(Number(text));
  return 'UNKNOWN';
}

function fromScore(score: number): Severity {
  if (!Number.isFinite(score) || score <= 0) return 'UNKNOWN';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return 'LOW';
}

/** Parses a comma-separated list such as `HIGH,CRITICAL` (CLI flags, settings); unknown names are reported. */
export function parseSeverityList(text: string): { severities: Severity[]; unknown: string[] } {
  const severities: Severity[] = [];
  const unknown: string[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const upper = part.toUpperCase();
    if ((SEVERITIES as readonly string[]).includes(upper)) severities.push(upper as Severity);
    else unknown.push(part);
  }
  return { severities, unknown };
}

/** A count per severity; the shape every summary in the code base uses. */
export type SeverityCounts = Record<Severity, number>;

export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}
