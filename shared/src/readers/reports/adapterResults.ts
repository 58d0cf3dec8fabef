import { isTrivyCheckId, isVulnerabilityId } from '../../model/checkIds.js';
import type { ArtifactRef, CvssScore, FindingType, PackageInfo } from '../../model/finding.js';
import { isRecord, text } from '../fields.js';
import { NONE } from '../findingDraft.js';
import type { StringPool } from '../stringPool.js';
import { cachedCheckId } from './checksReport.js';
import { scoreOnly } from './vulnerabilityReport.js';

/**
 * PolicyReport results that adapters converted from Trivy output. The policy-report shape has no
 * field for a vulnerability id, a package or a check id, so each adapter puts them somewhere:
 *
 *  - trivy-operator-polr-adapter (github.com/fjogeleit/trivy-operator-polr-adapter,
 *    `pkg/adapters/<kind>/mapper.go`), which Policy Reporter set-ups run; its `source` names the
 *    Trivy Operator kind it converted (the table below):
 *      Trivy Vulnerability      policy = vulnerability id, message = title, properties `resource`
 *                               (package), `installedVersion`, `fixedVersion`, `primaryLink`, `score`,
 *                               `<vendor>.v3_score` …, `artifact.repository`, `artifact.tag`,
 *                               `registry.server`; `result` from the severity
 *      Trivy ConfigAudit,       policy = check title, rule = check id; message = the check's one
 *      Trivy RbacAssessment     message or its description, properties `description`, "N. message"
 *      Trivy InfraAssessment,   policy = check id, rule = title, properties `description`, `remediation`
 *      Trivy ClusterInfraAssessment
 *      Trivy Compliance         policy = "<control id> <control name>", rule = check title,
 *                               properties `id` = check id (`AVD-KSV-0012`), resources [{name: target}]
 *      Trivy ExposedSecrets     policy = title, rule = rule id, message = the masked match
 *      CIS Kube Bench           policy = section, rule = "<test number> <description>", message =
 *                               remediation (`Trivy CIS Kube Bench` before 0.1)
 *  - the wg-policy-prototypes trivy-adapter (`policy-report/trivy-adapter`): properties
 *    `VulnerabilityID`, `InstalledVersion`, `FixedVersion`, `PrimaryURL`, the package in `category`,
 *    policy empty or the title, no `result` (2021); later policy = the id, message = the title.
 *
 * A result is recognised by its source, else by its shape (a vulnerability id in `policy` or in
 * the properties, a Trivy check id in `properties.id`, `rule` or `policy`). Anything else is a
 * policy result as Kyverno writes them, and `readAdapterResult` returns `undefined`.
 */
export interface AdapterResult {
  readonly type: FindingType | undefined;
  readonly id: string;
  readonly aliases: readonly string[];
  readonly title: string;
  /** The message, when the result's `message` is not the title. */
  readonly message?: string;
  readonly description?: string;
  readonly resolution?: string;
  /** The result's category, when it is not the package. */
  readonly category?: string;
  readonly package?: PackageInfo;
  readonly artifact?: ArtifactRef;
  readonly primaryUrl?: string;
  readonly cvss?: readonly CvssScore[];
  readonly match?: string;
  /**
   * Vulnerabilities are findings whatever `result` says: both adapters derive it from the
   * severity (polr-adapter `shared/severity.go` MapResult: unknown → skip; trivy-adapter
   * `newResult`: none → pass), not from a check. So they read as `fail`, as in a VulnerabilityReport.
   */
  readonly alwaysFails: boolean;
}

type Shape = 'vulnerability' | 'check' | 'secret' | 'kube-bench';

/** Where a check result of a known source keeps the check id, in whatever spelling. */
type CheckIdField = 'rule' | 'policy' | 'properties.id';

interface AdapterSource {
  readonly type: FindingType;
  readonly shape: Shape;
  readonly checkId?: CheckIdField;
}

/** The `source` values of trivy-operator-polr-adapter (its README, "Available Sources", and `const.go`). */
const ADAPTER_SOURCES: ReadonlyMap<string, AdapterSource> = new Map<string, AdapterSource>([
  ['Trivy Vulnerability', { type: 'vulnerability', shape: 'vulnerability' }],
  ['Trivy ConfigAudit', { type: 'misconfiguration', shape: 'check', checkId: 'rule' }],
  ['Trivy RbacAssessment', { type: 'rbac', shape: 'check', checkId: 'rule' }],
  ['Trivy InfraAssessment', { type: 'infra', shape: 'check', checkId: 'policy' }],
  ['Trivy ClusterInfraAssessment', { type: 'infra', shape: 'check', checkId: 'policy' }],
  ['Trivy Compliance', { type: 'compliance', shape: 'check', checkId: 'properties.id' }],
  ['Trivy ExposedSecrets', { type: 'secret', shape: 'secret' }],
  ['CIS Kube Bench', { type: 'infra', shape: 'kube-bench' }],
  ['Trivy CIS Kube Bench', { type: 'infra', shape: 'kube-bench' }],
]);

/** What stays the same across the results of one report: pooled texts and shared objects. */
export interface AdapterCache {
  readonly strings: StringPool;
  readonly packages: Map<string, PackageInfo>;
  readonly artifacts: Map<string, ArtifactRef>;
}

export function newAdapterCache(strings: StringPool): AdapterCache {
  return { strings, packages: new Map(), artifacts: new Map() };
}

/** The adapter reading of one result of `results[]`, or `undefined` for a plain policy result. */
export function readAdapterResult(
  c: AdapterCache,
  r: Readonly<Record<string, unknown>>,
  source: string | undefined,
): AdapterResult | undefined {
  // v1alpha1 named `properties` `data`; values are strings in both.
  const props = isRecord(r.properties) ? r.properties : isRecord(r.data) ? r.data : {};
  const policy = text(r.policy)?.trim();
  const rule = text(r.rule)?.trim();
  const known = source === undefined ? undefined : ADAPTER_SOURCES.get(source);
  const vulnerabilityId = text(props.VulnerabilityID) ?? text(props.vulnerabilityID);
  if (vulnerabilityId || known?.shape === 'vulnerability' || (policy && isVulnerabilityId(policy)))
    return vulnerability(c, r, props, vulnerabilityId ?? policy);
  if (known?.shape === 'secret' && rule) return secret(c, r, policy, rule, known.type);
  if (known?.shape === 'kube-bench') return kubeBench(c, r, policy, rule, known.type);
  return check(c, r, props, policy, rule, known);
}

function vulnerability(
  c: AdapterCache,
  r: Readonly<Record<string, unknown>>,
  props: Readonly<Record<string, unknown>>,
  rawId: string | undefined,
): AdapterResult | undefined {
  if (!rawId) return undefined;
  const s = c.strings;
  const canonical = cachedCheckId(rawId);
  const id = s.intern(canonical.id);
  const policy = text(r.policy)?.trim();
  const message = text(r.message);
  // The title is in `policy` when the id is elsewhere (trivy-adapter 2021), else in `message`.
  const titleText = policy && policy !== rawId ? policy : message;
  const result: { -readonly [K in keyof AdapterResult]: AdapterResult[K] } = {
    type: 'vulnerability',
    id,
    aliases: canonical.aliases,
    title: titleText ? s.intern(titleText) : id,
    alwaysFails: true,
  };
  if (message && message !== titleText) result.message = s.intern(message);
  // polr-adapter names the package `resource` (always written, maybe empty); the trivy-adapter
  // puts it in `category`, which is then no category.
  const category = text(r.category);
  const packageName = 'resource' in props ? text(props.resource) : (text(props.PkgName) ?? category);
  if (category && packageName !== category) result.category = s.intern(category);
  const pkg = packageOf(c, packageName, props);
  if (pkg) result.package = pkg;
  const url = text(props.primaryLink) ?? text(props.PrimaryURL);
  if (url) result.primaryUrl = s.intern(url);
  const artifact = artifactOf(c, props);
  if (artifact) result.artifact = artifact;
  const cvss = cvssOf(s, props);
  if (cvss !== NONE) result.cvss = cvss;
  return result;
}

function packageOf(
  c: AdapterCache,
  name: string | undefined,
  props: Readonly<Record<string, unknown>>,
): PackageInfo | undefined {
  if (!name) return undefined;
  const installed = text(props.installedVersion) ?? text(props.InstalledVersion);
  const fixed = text(props.fixedVersion) ?? text(props.FixedVersion);
  const key = `${name}\u0000${installed ?? ''}\u0000${fixed ?? ''}`;
  let p = c.packages.get(key);
  if (!p) {
    const s = c.strings;
    const draft: { -readonly [K in keyof PackageInfo]: PackageInfo[K] } = { name: s.intern(name) };
    if (installed) draft.installedVersion = s.intern(installed);
    if (fixed) draft.fixedVersion = s.intern(fixed);
    c.packages.set(key, (p = draft));
  }
  return p;
}

function artifactOf(c: AdapterCache, props: Readonly<Record<string, unknown>>): ArtifactRef | undefined {
  const registry = text(props['registry.server']);
  const repository = text(props['artifact.repository']);
  const tag = text(props['artifact.tag']);
  if (!registry && !repository && !tag) return undefined;
  const key = `${registry ?? ''}\u0000${repository ?? ''}\u0000${tag ?? ''}`;
  let a = c.artifacts.get(key);
  if (!a) {
    const s = c.strings;
    const draft: { -readonly [K in keyof ArtifactRef]: ArtifactRef[K] } = {};
    if (registry) draft.registry = s.intern(registry);
    if (repository) draft.repository = s.intern(repository);
    if (tag) draft.tag = s.intern(tag);
    c.artifacts.set(key, (a = draft));
  }
  return a;
}

const VENDOR_SCORE = /^(.+)\.(v2|v3)_(score|vector)$/;

/**
 * polr-adapter writes each vendor's CVSS as `<vendor>.v3_score` / `.v3_vector` (and v2), and the
 * operator's `score` always (`0` when the report had none), all as text.
 */
function cvssOf(s: StringPool, props: Readonly<Record<string, unknown>>): readonly CvssScore[] {
  const byVendor = new Map<string, { -readonly [K in keyof CvssScore]: CvssScore[K] }>();
  for (const [key, value] of Object.entries(props)) {
    const m = VENDOR_SCORE.exec(key);
    const v = text(value);
    if (!m || !v) continue;
    let score = byVendor.get(m[1]!);
    if (!score) byVendor.set(m[1]!, (score = { source: s.intern(m[1]!) }));
    if (m[3] === 'vector') score[m[2] === 'v2' ? 'v2Vector' : 'v3Vector'] = s.intern(v);
    else {
      const n = Number(v);
      if (Number.isFinite(n)) score[m[2] === 'v2' ? 'v2Score' : 'v3Score'] = n;
    }
  }
  if (byVendor.size > 0) return [...byVendor.values()];
  const score = Number(text(props.score));
  return Number.isFinite(score) && score > 0 ? scoreOnly(s.intern('unknown'), score) : NONE;
}

function check(
  c: AdapterCache,
  r: Readonly<Record<string, unknown>>,
  props: Readonly<Record<string, unknown>>,
  policy: string | undefined,
  rule: string | undefined,
  known: AdapterSource | undefined,
): AdapterResult | undefined {
  const type = known?.type;
  const fromProps = text(props.id)?.trim();
  // A known source says where the id is, whatever it looks like (Starboard-era operators wrote
  // Polaris ids such as `hostPIDSet`); otherwise the first field that holds a Trivy check id.
  const field =
    known?.checkId ??
    (fromProps && isTrivyCheckId(fromProps)
      ? 'properties.id'
      : rule && isTrivyCheckId(rule)
        ? 'rule'
        : policy && isTrivyCheckId(policy)
          ? 'policy'
          : undefined);
  const [rawId, title] =
    field === 'properties.id'
      ? [fromProps, rule ?? policy]
      : field === 'rule'
        ? [rule, policy]
        : field === 'policy'
          ? [policy, rule]
          : [undefined, undefined];
  if (!rawId) return undefined;
  const s = c.strings;
  const canonical = cachedCheckId(rawId);
  const id = s.intern(canonical.id);
  // A compliance control (`1.0 Non-root containers`) groups checks as a policy groups rules: an
  // alias, so a search for the control finds its checks.
  const control = rawId === fromProps && policy && policy !== title ? policy : undefined;
  const result: { -readonly [K in keyof AdapterResult]: AdapterResult[K] } = {
    type,
    id,
    aliases: control ? [...canonical.aliases, s.intern(control)] : canonical.aliases,
    title: title ? s.intern(title) : id,
    alwaysFails: false,
  };
  // With several messages the adapters number them in the properties and put the description in
  // `message`; with one, `message` is it and the description is in the properties.
  const numbered = numberedMessages(props);
  const message = numbered ?? text(r.message);
  const description = text(props.description) ?? (numbered ? text(r.message) : undefined);
  if (message) result.message = s.intern(message);
  if (description && description !== message) result.description = s.intern(description);
  const remediation = text(props.remediation);
  if (remediation) result.resolution = s.intern(remediation);
  const category = text(r.category);
  if (category) result.category = s.intern(category);
  return result;
}

const NUMBERED = /^(\d+)\. message$/;

function numberedMessages(props: Readonly<Record<string, unknown>>): string | undefined {
  const found: [number, string][] = [];
  for (const [key, value] of Object.entries(props)) {
    const m = NUMBERED.exec(key);
    const v = text(value);
    if (m && v) found.push([Number(m[1]), v]);
  }
  if (found.length === 0) return undefined;
  return found
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v)
    .join('\n');
}

function secret(
  c: AdapterCache,
  r: Readonly<Record<string, unknown>>,
  policy: string | undefined,
  rule: string,
  type: FindingType,
): AdapterResult {
  const s = c.strings;
  const id = s.intern(rule);
  const result: { -readonly [K in keyof AdapterResult]: AdapterResult[K] } = {
    type,
    id,
    aliases: NONE,
    title: policy ? s.intern(policy) : id,
    alwaysFails: false,
  };
  const match = text(r.message);
  if (match) result.match = s.intern(match);
  const category = text(r.category);
  if (category) result.category = s.intern(category);
  return result;
}

// kube-bench test numbers: `1.1.1`, `4.2.10`.
const TEST_NUMBER = /^(\d+(?:\.\d+)+)\s+(.+)$/s;

function kubeBench(
  c: AdapterCache,
  r: Readonly<Record<string, unknown>>,
  policy: string | undefined,
  rule: string | undefined,
  type: FindingType,
): AdapterResult | undefined {
  const m = rule ? TEST_NUMBER.exec(rule) : undefined;
  if (!m) return undefined;
  const s = c.strings;
  const result: { -readonly [K in keyof AdapterResult]: AdapterResult[K] } = {
    type,
    id: s.intern(m[1]!),
    // The section (`4.1 Worker Node Configuration Files`) groups tests as a policy groups rules.
    aliases: policy ? [s.intern(policy)] : NONE,
    title: s.intern(m[2]!.replace(/\s+/g, ' ')),
    alwaysFails: false,
  };
  const remediation = text(r.message)?.trim();
  if (remediation) result.resolution = s.intern(remediation);
  const category = text(r.category);
  if (category) result.category = s.intern(category);
  return result;
}
