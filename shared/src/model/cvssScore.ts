import type { CvssScore } from './finding.js';

/** The score a person is shown for a vulnerability, and whose it is. */
export interface ShownCvssScore {
  readonly score: number;
  /** The vendor (`nvd`, `redhat`, `ghsa` …) as the report names it. */
  readonly source: string;
  readonly version: '4.0' | '3' | '2';
}

// NVD first, as Trivy's own table and Trivy Operator's `score` take it when it has one, then the
// other vendors in the report's order.
const PREFERRED_SOURCE = 'nvd';

/**
 * One score for a vulnerability: the first vendor's (NVD first) newest CVSS version that has a
 * score, v3 before v4.0 (vendors publish v4.0 alongside v3 and most tools still rank by v3),
 * then v2. `undefined` when no vendor scored it.
 */
export function shownCvssScore(cvss: readonly CvssScore[]): ShownCvssScore | undefined {
  // Two passes rather than a reordered copy: this runs for every row of a table of thousands.
  for (const c of cvss) if (c.source === PREFERRED_SOURCE) return scoreOf(c) ?? scoreOfOthers(cvss);
  return scoreOfOthers(cvss);
}

function scoreOfOthers(cvss: readonly CvssScore[]): ShownCvssScore | undefined {
  for (const c of cvss) {
    if (c.source === PREFERRED_SOURCE) continue;
    const score = scoreOf(c);
    if (score) return score;
  }
  return undefined;
}

function scoreOf(c: CvssScore): ShownCvssScore | undefined {
  if (valid(c.v3Score)) return { score: c.v3Score, source: c.source, version: '3' };
  if (valid(c.v40Score)) return { score: c.v40Score, source: c.source, version: '4.0' };
  if (valid(c.v2Score)) return { score: c.v2Score, source: c.source, version: '2' };
  return undefined;
}

function valid(score: number | undefined): score is number {
  return typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 10;
}
