import type { ArtifactRef, Finding, ResourceRef } from '../model/finding.js';
import { imageRef } from '../model/imageRef.js';
import { workloadKey, type WorkloadRef } from '../model/workloadRef.js';
import type { SummaryInput } from '../summary/findingSummary.js';
import { inferWorkload } from '../workloads/ownerResolution.js';

/**
 * Where the findings the insights count are: the workload of each (given by a store, else lifted
 * from its resource by name, as `summarizeFindings` does), its key, and the name of its image.
 * Findings of one report share their resource and artifact objects, so each is worked out once
 * per object, not per finding.
 */
export class FindingPlaces {
  private readonly byResource = new Map<ResourceRef, WorkloadRef>();
  private readonly keys = new Map<WorkloadRef, string>();
  private readonly images = new Map<ArtifactRef, string>();

  /** The finding of an input and its workload (`undefined` when it is about no Kubernetes object). */
  read(item: SummaryInput): { finding: Finding; workload: WorkloadRef | undefined } {
    if ('finding' in item)
      return { finding: item.finding, workload: item.workload ?? this.inferred(item.finding) };
    return { finding: item, workload: this.inferred(item) };
  }

  workloadKey(w: WorkloadRef): string {
    let key = this.keys.get(w);
    if (key === undefined) this.keys.set(w, (key = workloadKey(w)));
    return key;
  }

  /** The image's name (`imageRef`), `undefined` for a finding about no image. */
  image(f: Finding): string | undefined {
    const a = f.artifact;
    if (!a) return undefined;
    let ref = this.images.get(a);
    if (ref === undefined) this.images.set(a, (ref = imageRef(a)));
    return ref || undefined;
  }

  private inferred(f: Finding): WorkloadRef | undefined {
    const r = f.resource;
    if (!r) return undefined;
    let w = this.byResource.get(r);
    if (!w) this.byResource.set(r, (w = inferWorkload(r)));
    return w;
  }
}
