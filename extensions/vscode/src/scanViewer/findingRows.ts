// What the page receives of the findings of a scan: a row each for the table, and the details of
// one when the page asks. Plain data only (see protocol.ts).
import type { Finding, Origin, ResourceRef } from '@trivy-findings/core/model/finding.js';
import { matchesFilter } from '@trivy-findings/core/model/findingFilter.js';
import { workloadKey, type WorkloadRef } from '@trivy-findings/core/model/workloadRef.js';
import { findingUpgradeEntry } from '../insights/upgradeEntries.js';
import type { FindingDetails, FindingRow } from './protocol.js';

/** The workload of a finding, as the core's `offlineWorkloads` gives it. */
export type WorkloadOf = (finding: Finding) => WorkloadRef | undefined;

/** One row per finding, in the scan's order; `index` is the finding's position in `findings`. */
export function findingRows(findings: readonly Finding[], workloadOf: WorkloadOf): FindingRow[] {
  // Findings of one report share their workload object: its key is made once.
  const keys = new Map<WorkloadRef, string>();
  const keyOf = (w: WorkloadRef) => {
    let key = keys.get(w);
    if (key === undefined) keys.set(w, (key = workloadKey(w)));
    return key;
  };
  return findings.map((f, index) => {
    const workload = workloadOf(f);
    const pkg = f.package;
    const row: Mutable<FindingRow> = {
      index,
      severity: f.severity,
      type: f.type,
      id: f.id,
      title: f.title,
      // The CLI hides what `--all` shows (suppressed, passed, skipped); the core's rule says which.
      hidden: !matchesFilter(f, {}),
      outcome: f.outcome,
    };
    if (pkg) {
      row.pkg = pkg.name;
      if (pkg.installedVersion) row.installed = pkg.installedVersion;
      if (pkg.fixedVersion) row.fixed = pkg.fixedVersion;
    }
    if (workload) row.workload = keyOf(workload);
    if (f.target) row.target = f.target;
    if (f.location) row.location = locationText(f.location);
    const upgrade = findingUpgradeEntry(f);
    if (upgrade !== undefined) row.upgrade = upgrade;
    return row;
  });
}

/** All the page shows of one finding in its details pane. */
export function findingDetails(f: Finding, index: number, workload: WorkloadRef | undefined): FindingDetails {
  const details: Mutable<FindingDetails> = {
    index,
    id: f.id,
    aliases: [...f.aliases],
    severity: f.severity,
    type: f.type,
    title: f.title,
    cvss: f.cvss.map((c) => ({ ...c })),
    references: [...new Set([...(f.primaryUrl ? [f.primaryUrl] : []), ...f.references])],
    outcome: f.outcome,
    suppressed: f.suppressed,
    origin: originText(f.origin),
    alsoSeenIn: (f.alsoSeenIn ?? []).map(originText),
  };
  if (f.description) details.description = f.description;
  if (f.message && f.message !== f.title) details.message = f.message;
  if (f.resolution) details.resolution = f.resolution;
  if (f.package) {
    const p = f.package;
    details.package = {
      name: p.name,
      ...(p.installedVersion ? { installed: p.installedVersion } : {}),
      ...(p.fixedVersion ? { fixed: p.fixedVersion } : {}),
      ...(p.status ? { status: p.status } : {}),
      ...(p.path ? { path: p.path } : {}),
      ...(p.purl ? { purl: p.purl } : {}),
    };
  }
  if (f.target) details.target = f.target;
  if (f.resource) details.resource = resourceText(f.resource);
  if (workload) details.workload = { key: workloadKey(workload), inferred: workload.inferred };
  if (f.location) {
    const { path, startLine, endLine, approximate } = f.location;
    details.location = { path, startLine, endLine, approximate };
  }
  if (f.category) details.category = f.category;
  if (f.match) details.match = f.match;
  if (f.publishedDate) details.publishedDate = f.publishedDate;
  if (f.lastModifiedDate) details.lastModifiedDate = f.lastModifiedDate;
  return details;
}

/** `path:12`, or `path:12-18` for a block. */
function locationText(loc: NonNullable<Finding['location']>): string {
  return loc.endLine > loc.startLine
    ? `${loc.path}:${loc.startLine}-${loc.endLine}`
    : `${loc.path}:${loc.startLine}`;
}

function resourceText(r: ResourceRef): string {
  const key = workloadKey(r);
  return r.container ? `${key} (container ${r.container})` : key;
}

/** `trivy-operator 0.16.4, VulnerabilityReport default/replicaset-nginx-…` or `trivy 0.50.1, trivy-json, scans/x.json`. */
function originText(o: Origin): string {
  const tool = o.toolVersion ? `${o.tool} ${o.toolVersion}` : o.tool;
  const report = o.report
    ? `${o.report.kind} ${o.report.namespace ? `${o.report.namespace}/` : ''}${o.report.name}`
    : undefined;
  return [tool, report ?? o.format, o.file].filter((part) => part !== undefined && part !== '').join(', ');
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
