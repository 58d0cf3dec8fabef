import type { Finding } from '../model/finding.js';
import { rangeForFinding, type ManifestRange } from '../manifests/findingToRange.js';
import type { ManifestIndex, ManifestObject } from '../manifests/manifestIndex.js';

interface Remembered {
  readonly object: ManifestObject | undefined;
  readonly range: ManifestRange | undefined;
}

/**
 * `rangeForFinding` remembered per index and finding. A live store hands the same Finding objects
 * for a report that did not change, and a workload's set is placed again whenever any of its
 * reports changes (a burst brings a workload's VulnerabilityReport and its ConfigAuditReport in
 * different batches): only the findings new to it are ranged again. An index is immutable (a new
 * text is a new index), so an answer stays true while both exist; both maps are weak, so a
 * remembered answer keeps neither a dropped index nor a deleted report's findings alive.
 */
export class RangeMemo {
  private readonly byIndex = new WeakMap<ManifestIndex, WeakMap<Finding, Remembered>>();
  /** Calls of `rangeForFinding` (answers not remembered). */
  calls = 0;

  rangeOf(finding: Finding, index: ManifestIndex, object?: ManifestObject): ManifestRange | undefined {
    let known = this.byIndex.get(index);
    if (!known) this.byIndex.set(index, (known = new WeakMap()));
    const kept = known.get(finding);
    if (kept && kept.object === object) return kept.range;
    this.calls++;
    const range = rangeForFinding(finding, index, object);
    known.set(finding, { object, range });
    return range;
  }
}
