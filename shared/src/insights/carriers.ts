import { checkJoinKey } from '../model/checkIds.js';
import type { ArtifactRef, Finding, FindingType } from '../model/finding.js';
import { severityRank, type Severity } from '../model/severity.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import type { ReportIndex } from '../cluster/reportIndex.js';
import type { SummaryInput } from '../summary/findingSummary.js';
import { FindingPlaces } from './findingPlaces.js';

/**
 * Which workloads run CVE-X: from a vulnerability id (CVE, GHSA, any advisory) or any check id,
 * in any spelling (`checkJoinKey`: `cve-2021-44228`, `KSV-0001`, `AVD-KSV-0001` …), every workload
 * and image that carries it, with counts — from a cluster store through its check index (only the
 * reports that hold the id are read), or from any set of findings (an offline read). Plain data.
 *
 * A finding carries its id when it failed or warned; suppressed findings carry it too (the
 * workload still runs the package) and are counted apart. Passed checks do not.
 */
export interface CarrierOptions {
  /** Most workload keys listed per image, and images and packages per workload (counts stay exact); default 100. */
  readonly listLimit?: number;
}

/** A package a vulnerability is found in, and what fixes it. */
export interface CarrierPackage {
  readonly name: string;
  readonly installedVersion?: string;
  readonly fixedVersion?: string;
}

export interface CarrierWorkload {
  readonly key: string;
  readonly workload: WorkloadRef;
  readonly findings: number;
  /** Of `findings`, those a `.trivyignore` or the source marked suppressed. */
  readonly suppressed: number;
  readonly severity: Severity;
  /** Names of the images it carries the id in (`imageRef`), sorted. */
  readonly images: readonly string[];
  /** The packages it is found in (vulnerabilities), sorted by name. */
  readonly packages: readonly CarrierPackage[];
}

export interface CarrierImage {
  /** `imageRef` of the artifact. */
  readonly ref: string;
  readonly artifact: ArtifactRef;
  readonly findings: number;
  readonly workloads: number;
  /** Keys of the workloads that run it, sorted. */
  readonly workloadKeys: readonly string[];
}

export interface Carriers {
  /** The id as the findings spell it (Trivy's spelling), or the one asked for when nothing carries it. */
  readonly id: string;
  /** Every spelling seen (the id's aliases and the query), sorted. */
  readonly spellings: readonly string[];
  readonly type?: FindingType;
  readonly title?: string;
  /** The most severe severity any finding of it has. */
  readonly severity?: Severity;
  readonly findings: number;
  readonly suppressed: number;
  /** Findings about no Kubernetes object (a local image or file scan); their images are listed. */
  readonly unattached: number;
  /** Most findings first, then by key. */
  readonly workloads: readonly CarrierWorkload[];
  /** Most workloads first, then by name. */
  readonly images: readonly CarrierImage[];
}

/** The workloads and images of a cluster store that carry `id`; reads only the reports the check index names. */
export function carriersOf(index: ReportIndex, id: string, options: CarrierOptions = {}): Carriers {
  return tallyCarriers(id, index.findingsWithWorkloadsForCheck(id), options);
}

/** The workloads and images among `items` (an offline read, with or without workloads) that carry `id`. */
export function carriersIn(
  items: Iterable<SummaryInput>,
  id: string,
  options: CarrierOptions = {},
): Carriers {
  const key = checkJoinKey(id);
  const keys = new Map<string, string>();
  const matching = function* (): Iterable<SummaryInput> {
    for (const item of items) {
      const f = 'finding' in item ? item.finding : item;
      let k = keys.get(f.id);
      if (k === undefined) keys.set(f.id, (k = checkJoinKey(f.id)));
      if (k === key) yield item;
    }
  };
  return tallyCarriers(id, matching(), options);
}

interface WorkloadAcc {
  readonly workload: WorkloadRef;
  findings: number;
  suppressed: number;
  severity: Severity;
  readonly images: Set<string>;
  readonly packages: Map<string, CarrierPackage>;
}

interface ImageAcc {
  readonly artifact: ArtifactRef;
  findings: number;
  readonly workloads: Set<string>;
}

function tallyCarriers(query: string, items: Iterable<SummaryInput>, options: CarrierOptions): Carriers {
  const limit = options.listLimit ?? 100;
  const places = new FindingPlaces();
  const workloads = new Map<string, WorkloadAcc>();
  const images = new Map<string, ImageAcc>();
  const spellings = new Set<string>([query.trim()]);
  let first: Finding | undefined;
  let severity: Severity | undefined;
  let findings = 0;
  let suppressed = 0;
  let unattached = 0;
  for (const item of items) {
    const { finding: f, workload } = places.read(item);
    if (f.outcome !== 'fail' && f.outcome !== 'warn') continue;
    first ??= f;
    if (!spellings.has(f.id)) {
      spellings.add(f.id);
      for (const a of f.aliases) spellings.add(a);
    }
    findings++;
    if (f.suppressed) suppressed++;
    if (severity === undefined || severityRank(f.severity) > severityRank(severity)) severity = f.severity;
    const image = places.image(f);
    const wkey = workload ? places.workloadKey(workload) : undefined;
    if (image) {
      let i = images.get(image);
      if (!i) images.set(image, (i = { artifact: f.artifact!, findings: 0, workloads: new Set() }));
      i.findings++;
      if (wkey) i.workloads.add(wkey);
    }
    if (!workload || !wkey) {
      unattached++;
      continue;
    }
    let w = workloads.get(wkey);
    if (!w) {
      workloads.set(
        wkey,
        (w = {
          workload,
          findings: 0,
          suppressed: 0,
          severity: f.severity,
          images: new Set(),
          packages: new Map(),
        }),
      );
    } else if (severityRank(f.severity) > severityRank(w.severity)) w.severity = f.severity;
    if (workload.inferred === false && w.workload.inferred) workloads.set(wkey, (w = { ...w, workload }));
    w.findings++;
    if (f.suppressed) w.suppressed++;
    if (image) w.images.add(image);
    const p = f.package;
    if (p) {
      const pk = `${p.name}\0${p.installedVersion ?? ''}`;
      if (!w.packages.has(pk))
        w.packages.set(pk, {
          name: p.name,
          ...(p.installedVersion ? { installedVersion: p.installedVersion } : {}),
          ...(p.fixedVersion ? { fixedVersion: p.fixedVersion } : {}),
        });
    }
  }
  return {
    id: first?.id ?? query.trim(),
    spellings: [...spellings].filter((s) => s !== '').sort(),
    ...(first ? { type: first.type, title: first.title } : {}),
    ...(severity ? { severity } : {}),
    findings,
    suppressed,
    unattached,
    workloads: [...workloads]
      .map(([key, w]) => ({
        key,
        workload: w.workload,
        findings: w.findings,
        suppressed: w.suppressed,
        severity: w.severity,
        images: [...w.images].sort().slice(0, limit),
        packages: [...w.packages.values()]
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .slice(0, limit),
      }))
      .sort((a, b) => b.findings - a.findings || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    images: [...images]
      .map(([ref, i]) => ({
        ref,
        artifact: i.artifact,
        findings: i.findings,
        workloads: i.workloads.size,
        workloadKeys: [...i.workloads].sort().slice(0, limit),
      }))
      .sort((a, b) => b.workloads - a.workloads || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)),
  };
}
