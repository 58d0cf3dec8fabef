import type { Finding } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import type { WorkloadRef } from '../model/workloadRef.js';

/**
 * The stable JSON shape of the CLI (`--json`), also what `--watch` prints per change. Scripts
 * depend on it: add fields, never rename or drop them. `resource` and `location` are `null`
 * when unknown; severity is upper case.
 */
export interface FindingJson {
  type: Finding['type'];
  id: string;
  aliases: string[];
  severity: Finding['severity'];
  title: string;
  target: string | null;
  resource: {
    apiVersion?: string;
    kind: string;
    namespace: string | null;
    name: string;
    container?: string;
  } | null;
  location: { path: string; startLine: number; endLine: number; approximate: boolean } | null;
  suppressed: boolean;
  outcome: Finding['outcome'];
  message?: string;
  description?: string;
  primaryUrl?: string;
  package?: Finding['package'];
  cvss?: Finding['cvss'];
  match?: string;
  category?: string;
  origin: Finding['origin'];
  /** Where else the same finding was read from, when copies from several files were merged. */
  alsoSeenIn?: Finding['origin'][];
}

/**
 * A finding with the workload it belongs to, as both commands print it (`cluster --json` and
 * `--json` of files): `resource` is the object the operator scanned, e.g. a ReplicaSet;
 * `workload` its Deployment, `inferred` when found from names; `null` for findings about no
 * Kubernetes object.
 */
export type WorkloadFindingJson = FindingJson & {
  workload: {
    apiVersion?: string;
    kind: string;
    namespace: string | null;
    name: string;
    inferred: boolean;
  } | null;
};

export interface SourceJson {
  path: string;
  format: string;
  status?: string;
  problems: ProblemJson[];
}

export interface ProblemJson {
  level: Problem['level'];
  message: string;
  source: string;
  line: number | null;
}

export function findingToJson(f: Finding): FindingJson {
  const json: FindingJson = {
    type: f.type,
    id: f.id,
    aliases: [...f.aliases],
    severity: f.severity,
    title: f.title,
    target: f.target ?? null,
    resource: f.resource
      ? { ...objectRefJson(f.resource), ...(f.resource.container ? { container: f.resource.container } : {}) }
      : null,
    location: f.location
      ? {
          path: f.location.path,
          startLine: f.location.startLine,
          endLine: f.location.endLine,
          approximate: f.location.approximate,
        }
      : null,
    suppressed: f.suppressed,
    outcome: f.outcome,
    origin: f.origin,
  };
  if (f.message) json.message = f.message;
  if (f.description) json.description = f.description;
  if (f.primaryUrl) json.primaryUrl = f.primaryUrl;
  if (f.package) json.package = f.package;
  if (f.cvss.length) json.cvss = f.cvss;
  if (f.match) json.match = f.match;
  if (f.category) json.category = f.category;
  if (f.alsoSeenIn?.length) json.alsoSeenIn = [...f.alsoSeenIn];
  return json;
}

export function workloadFindingToJson(f: Finding, workload: WorkloadRef | undefined): WorkloadFindingJson {
  return {
    ...findingToJson(f),
    workload: workload ? { ...objectRefJson(workload), inferred: workload.inferred } : null,
  };
}

/** A Kubernetes object reference as the JSON output writes it: namespace `null` when cluster-scoped. */
export function objectRefJson(o: {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): {
  apiVersion?: string;
  kind: string;
  namespace: string | null;
  name: string;
} {
  return {
    ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}),
    kind: o.kind,
    namespace: o.namespace ?? null,
    name: o.name,
  };
}

export function problemToJson(p: Problem): ProblemJson {
  return { level: p.level, message: p.message, source: p.source, line: p.line ?? null };
}
