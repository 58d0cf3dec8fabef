import type { Finding, FindingType, Origin, Outcome, ResourceRef } from '../../model/finding.js';
import { parseSeverity } from '../../model/severity.js';
import { isRecord, text } from '../fields.js';
import { newCompactFinding, NONE, type FindingDraft } from '../findingDraft.js';
import { reportKindOf } from '../../model/reportKinds.js';
import {
  newAdapterCache,
  readAdapterResult,
  type AdapterCache,
  type AdapterResult,
} from './adapterResults.js';
import { forEachEntry, reportList } from './reportEntries.js';
import { reportOrigin, warnReport, type ReportHeader } from './reportHeader.js';
import { objectRefResource, ownerResource } from './reportResource.js';

/**
 * PolicyReport / ClusterPolicyReport (`wgpolicyk8s.io` v1alpha1 and v1alpha2) and their successor
 * Report / ClusterReport (`openreports.io/v1alpha1`, same result shape per its CRD). Results live in
 * the top-level `results[]`:
 *  - the outcome is `result` (v1alpha2, openreports) or `status` (v1alpha1: wg-policy-prototypes
 *    `policy-report/pkg/api/wgpolicyk8s.io/v1alpha1/policyreport_types.go`); `fail`, `warn` and
 *    `error` are findings, `pass` and `skip` only when passes are asked for. A result without one
 *    (old adapters wrote none) counts as a failure.
 *  - results that adapters converted from Trivy output (trivy-operator-polr-adapter, the
 *    wg-policy-prototypes trivy-adapter) are read as what they were: a vulnerability with its
 *    package, a check by its Trivy id (`readAdapterResult` in `adapterResults.ts`), so they join
 *    the same findings of Trivy Operator reports.
 *  - any other result's id is `policy/rule` when there is a rule, else `policy`: one policy (a
 *    Kyverno ClusterPolicy) bundles rules that pass and fail on their own, so the rule is part of
 *    what failed. The policy name alone is an alias, so a search for the policy finds all its
 *    rules. A result with neither is still read, as `rule`, `category` or "(no policy)".
 *  - the resource is each entry of `resources[]` (one finding per entry), else the report's
 *    `scope`, else its owner unless that is a report it was converted from; a result that names
 *    no object at all has no resource. An entry with a name but no kind names a check target
 *    (polr-adapter compliance results), which becomes the finding's `target`.
 *  - `source` (per result, or per report in openreports) is the origin's tool.
 * Result timestamps (`{seconds, nanos}`) have no field in the finding model and are not kept.
 */
export function readPolicyReport(h: ReportHeader, type: FindingType): Finding[] {
  const results = reportList(h, h.object.results, 'results', 'results');
  if (!results) return [];
  const labels = isRecord(h.metadata.labels) ? h.metadata.labels : {};
  const defaultNamespace = h.kind.namespaced ? h.namespace : undefined;
  const p: PolicyState = {
    h,
    type,
    defaultNamespace,
    defaultTool: text(h.object.source) ?? text(labels['app.kubernetes.io/managed-by']),
    scope: objectRefResource(h.ctx.strings, h.object.scope, defaultNamespace) ?? subjectOwner(h),
    adapter: newAdapterCache(h.ctx.strings),
    origins: new Map(),
    resources: new Map(),
    ids: new Map(),
    findings: [],
  };
  forEachEntry(h, results, 'results', (r, where) => readResult(p, r, where));
  return p.findings;
}

interface PolicyState {
  readonly h: ReportHeader;
  readonly type: FindingType;
  readonly defaultNamespace: string | undefined;
  readonly defaultTool: string | undefined;
  readonly scope: ResourceRef | undefined;
  readonly adapter: AdapterCache;
  // Caches that let all findings of a report share one origin per source, one object per
  // resource and one id string per policy/rule.
  readonly origins: Map<string, Origin>;
  readonly resources: Map<string, ResourceRef>;
  readonly ids: Map<string, { readonly id: string; readonly aliases: readonly string[] }>;
  readonly findings: Finding[];
}

const OUTCOMES: Readonly<Record<string, Outcome>> = {
  fail: 'fail',
  warn: 'warn',
  error: 'error',
  pass: 'pass',
  skip: 'skip',
};

/** One entry of `results[]`; nothing is skipped. */
function readResult(p: PolicyState, r: Readonly<Record<string, unknown>>, where: string): undefined {
  const strings = p.h.ctx.strings;
  const source = text(r.source);
  const adapter = readAdapterResult(p.adapter, r, source ?? p.defaultTool);
  const outcome = adapter?.alwaysFails ? 'fail' : outcomeOf(p, r, where);
  if ((outcome === 'pass' || outcome === 'skip') && !p.h.ctx.includePassed) return undefined;
  const origin = originFor(p, source);
  let f: FindingDraft;
  if (adapter) {
    f = newCompactFinding(
      adapter.type ?? p.type,
      adapter.id,
      adapter.aliases,
      parseSeverity(r.severity),
      adapter.title,
      outcome,
      origin,
    );
    copyAdapterFields(f, adapter);
  } else {
    const { id, aliases } = policyId(p, r, where);
    f = newCompactFinding(p.type, id, aliases, parseSeverity(r.severity), id, outcome, origin);
    const message = strings.text(r.message);
    if (message) f.message = message;
    // The wg-policy samples put the category under `properties` (v1alpha2) or `data` (v1alpha1).
    const category = text(r.category) ?? textIn(r.properties, 'category') ?? textIn(r.data, 'category');
    if (category) f.category = strings.intern(category);
  }
  pushPerResource(p, f, r.resources, where);
  return undefined;
}

/** The optional fields an adapter result has, added only when present (see `newCompactFinding`). */
function copyAdapterFields(f: FindingDraft, a: AdapterResult): void {
  if (a.message) f.message = a.message;
  if (a.description) f.description = a.description;
  if (a.resolution) f.resolution = a.resolution;
  if (a.primaryUrl) f.primaryUrl = a.primaryUrl;
  if (a.package) f.package = a.package;
  if (a.cvss) f.cvss = a.cvss;
  if (a.artifact) f.artifact = a.artifact;
  if (a.match) f.match = a.match;
  if (a.category) f.category = a.category;
}

function outcomeOf(p: PolicyState, r: Readonly<Record<string, unknown>>, where: string): Outcome {
  const raw =
    r.result ?? (typeof r.status === 'string' && r.status.toLowerCase() in OUTCOMES ? r.status : undefined);
  if (raw === undefined || raw === null || raw === '') return 'fail';
  const outcome = typeof raw === 'string' ? (OUTCOMES[raw] ?? OUTCOMES[raw.toLowerCase()]) : undefined;
  if (outcome) return outcome;
  // Better shown than lost: an outcome we do not know is reported as a warning finding.
  warnReport(p.h, `${where}.result`, `unknown result ${JSON.stringify(raw)}; read as "warn"`);
  return 'warn';
}

function pushPerResource(p: PolicyState, f: FindingDraft, refs: unknown, where: string): void {
  if (Array.isArray(refs) && refs.length > 0) {
    let pushed = false;
    for (let k = 0; k < refs.length; k++) {
      const resource = cachedResource(p, refs[k]);
      const target = resource ? undefined : checkTarget(p, refs[k]);
      if (!resource && !target) {
        warnReport(p.h, `${where}.resources[${k}]`, 'is not an object reference with kind and name; skipped');
        continue;
      }
      const place = resource ? { resource } : { target: target!, ...(p.scope ? { resource: p.scope } : {}) };
      p.findings.push(pushed ? { ...f, ...place } : Object.assign(f, place));
      pushed = true;
    }
    if (pushed) return;
  }
  if (p.scope) f.resource = p.scope;
  p.findings.push(f);
}

/**
 * A reference with a name and no kind: polr-adapter writes a compliance check's target (the
 * report it came from, `kube-system/pod-etcd-minikube`) so (`compliance/mapper.go`).
 */
function checkTarget(p: PolicyState, ref: unknown): string | undefined {
  if (!isRecord(ref) || text(ref.kind) !== undefined) return undefined;
  return p.h.ctx.strings.text(ref.name);
}

/**
 * The report's owner as its subject, unless the owner is a report itself: the adapters make the
 * report they converted (a ClusterComplianceReport, a CISKubeBenchReport) the owner.
 */
function subjectOwner(h: ReportHeader): ResourceRef | undefined {
  const owner = ownerResource(h);
  return owner && reportKindOf(owner.apiVersion, owner.kind) ? undefined : owner;
}

function cachedResource(p: PolicyState, ref: unknown): ResourceRef | undefined {
  const resource = objectRefResource(p.h.ctx.strings, ref, p.defaultNamespace);
  if (!resource) return undefined;
  const key = `${resource.apiVersion ?? ''}|${resource.kind}|${resource.namespace ?? ''}|${resource.name}`;
  const known = p.resources.get(key);
  if (known) return known;
  p.resources.set(key, resource);
  return resource;
}

function policyId(
  p: PolicyState,
  r: Readonly<Record<string, unknown>>,
  where: string,
): { id: string; aliases: readonly string[] } {
  const strings = p.h.ctx.strings;
  const policy = strings.text(r.policy);
  const rule = text(r.rule);
  if (!policy) {
    // Required by the CRD, yet left empty by some writers: the rule or category still says what it was.
    const id = strings.intern(rule ?? text(r.category) ?? '(no policy)');
    warnReport(p.h, where, `has no policy; read as "${id}"`);
    return { id, aliases: NONE };
  }
  if (!rule || rule === policy) return { id: policy, aliases: NONE };
  const key = `${policy}\u0000${rule}`;
  let entry = p.ids.get(key);
  if (!entry) {
    entry = { id: p.h.ctx.strings.intern(`${policy}/${rule}`), aliases: [policy] };
    p.ids.set(key, entry);
  }
  return entry;
}

function originFor(p: PolicyState, source: string | undefined): Origin {
  const tool = source ?? p.defaultTool ?? '';
  let origin = p.origins.get(tool);
  if (!origin) {
    // Without any source the origin names the writer of the kind ('policy-engine').
    origin = reportOrigin(p.h, tool || undefined, undefined);
    p.origins.set(tool, origin);
  }
  return origin;
}

function textIn(map: unknown, key: string): string | undefined {
  return isRecord(map) ? text(map[key]) : undefined;
}
