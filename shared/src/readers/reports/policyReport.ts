import type { Finding, FindingType, Origin, Outcome, ResourceRef } from '../../model/finding.js';
import { parseSeverity } from '../../model/severity.js';
import { isRecord, text } from '../fields.js';
import { newCompactFinding, NONE, type FindingDraft } from '../findingDraft.js';
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
 *  - the id is `policy/rule` when there is a rule, else `policy`: one policy (a Kyverno
 *    ClusterPolicy) bundles rules that pass and fail on their own, so the rule is part of what
 *    failed. The policy name alone is an alias, so a search for the policy finds all its rules.
 *  - the resource is each entry of `resources[]` (one finding per entry), else the report's
 *    `scope`, else its owner; a result that names no object at all has no resource.
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
    scope: objectRefResource(h.ctx.strings, h.object.scope, defaultNamespace) ?? ownerResource(h),
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

/** One entry of `results[]`; returns why it was skipped, if it was. */
function readResult(p: PolicyState, r: Readonly<Record<string, unknown>>, where: string): string | undefined {
  const strings = p.h.ctx.strings;
  const policy = strings.text(r.policy);
  if (!policy) return 'has no policy';
  const outcome = outcomeOf(p, r, where);
  if ((outcome === 'pass' || outcome === 'skip') && !p.h.ctx.includePassed) return undefined;
  const { id, aliases } = policyId(p, policy, text(r.rule));
  const f = newCompactFinding(
    p.type,
    id,
    aliases,
    parseSeverity(r.severity),
    id,
    outcome,
    originFor(p, text(r.source)),
  );
  const message = strings.text(r.message);
  if (message) f.message = message;
  // The wg-policy samples put the category under `properties` (v1alpha2) or `data` (v1alpha1).
  const category = text(r.category) ?? textIn(r.properties, 'category') ?? textIn(r.data, 'category');
  if (category) f.category = strings.intern(category);
  pushPerResource(p, f, r.resources, where);
  return undefined;
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
      if (!resource) {
        warnReport(p.h, `${where}.resources[${k}]`, 'is not an object reference with kind and name; skipped');
        continue;
      }
      p.findings.push(pushed ? { ...f, resource } : Object.assign(f, { resource }));
      pushed = true;
    }
    if (pushed) return;
  }
  if (p.scope) f.resource = p.scope;
  p.findings.push(f);
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
  policy: string,
  rule: string | undefined,
): { id: string; aliases: readonly string[] } {
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
