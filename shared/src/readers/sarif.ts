import { canonicalCheckId } from '../model/checkIds.js';
import type {
  ArtifactRef,
  CvssScore,
  Finding,
  FindingType,
  Origin,
  PackageInfo,
  SourceLocation,
} from '../model/finding.js';
import { line1 } from '../model/lines.js';
import { parseSeverity, SEVERITIES, type Severity } from '../model/severity.js';
import { arr, isRecord, num, str, text } from './fields.js';
import { addProblem, type ReadContext } from './readContext.js';
import { newFixedShapeFinding, NONE } from './findingDraft.js';
import { imageArtifact } from './trivy/imageArtifact.js';
import { finishFileScope, newFileScope, skipEntry, type FileScope } from './trivy/scope.js';

/**
 * Trivy's SARIF rule names per result class (`pkg/report/sarif.go` `toSarifRuleName`); the
 * first tag of a rule says the same (`vulnerability`, `misconfiguration`, `secret`, `license`).
 */
const RULE_TYPES: ReadonlyMap<string, FindingType> = new Map([
  ['OsPackageVulnerability', 'vulnerability'],
  ['LanguageSpecificPackageVulnerability', 'vulnerability'],
  ['Misconfiguration', 'misconfiguration'],
  ['Secret', 'secret'],
  ['License', 'license'],
]);
const TAG_TYPES: readonly FindingType[] = ['vulnerability', 'misconfiguration', 'secret', 'license'];
const VULNERABILITY_ID = /^(?:CVE|GHSA|GO|PYSEC|RUSTSEC|OSV|DSA|DLA|RHSA|ALAS\d*|ELSA|USN)-/i;

/** A rule as the results need it, computed once per rule. */
interface Rule {
  readonly id: string;
  readonly type: FindingType;
  /** Canonical id and aliases for check ids; the rule id itself otherwise. */
  readonly findingId: string;
  readonly aliases: readonly string[];
  readonly severity: Severity | undefined;
  /** `defaultConfiguration.level`, for results that give no level. */
  readonly level: string | undefined;
  readonly title: string;
  readonly description: string | undefined;
  readonly helpUri: string | undefined;
  readonly cvss: readonly CvssScore[];
  /** OS package results carry Trivy's placeholder region (line 1) in place of a location. */
  readonly osPackage: boolean;
}

/**
 * Reads SARIF 2.1.0 as Trivy writes it (`trivy … --format sarif`, `pkg/report/sarif.go`), and
 * SARIF of other tools as far as it goes. The finding type comes from the rule's name or tags,
 * else from the shape of its id. Severity: Trivy's own severity name among the rule's tags,
 * else the rule's `security-severity` score, else the result's level.
 */
export function readSarif(doc: unknown, ctx: ReadContext): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(doc) || !Array.isArray(doc.runs)) {
    addProblem(ctx, 'error', 'not a SARIF log: no runs');
    return out;
  }
  if (doc.version !== '2.1.0')
    addProblem(ctx, 'warning', `SARIF version ${String(doc.version)}; read as 2.1.0`);
  doc.runs.forEach((run, i) => readRun(run, `runs[${i}]`, ctx, out));
  return out;
}

function readRun(run: unknown, path: string, ctx: ReadContext, out: Finding[]): void {
  if (!isRecord(run)) {
    addProblem(ctx, 'warning', `${path}: skipped, not an object`);
    return;
  }
  const driver = isRecord(run.tool) && isRecord(run.tool.driver) ? run.tool.driver : {};
  const origin: Origin = {
    tool: (text(driver.name) ?? 'unknown').toLowerCase(),
    toolVersion: text(driver.version),
    format: 'sarif',
    file: ctx.path,
  };
  const file = newFileScope(ctx, origin);
  const props = isRecord(run.properties) ? run.properties : {};
  // Trivy sets these run properties for image scans only.
  const artifact =
    props.imageName !== undefined || props.imageID !== undefined
      ? imageArtifact(file, {
          repoTags: props.repoTags,
          repoDigests: props.repoDigests,
          imageId: props.imageID,
          names: [props.imageName],
        })
      : undefined;
  const rules = arr(driver.rules).map((r) => (isRecord(r) ? readRule(r) : undefined));
  const byId = new Map<string, Rule>();
  for (const r of rules) if (r && !byId.has(r.id)) byId.set(r.id, r);
  const results = arr(run.results);
  for (let i = 0; i < results.length; i++) {
    const f = readResult(results[i], `${path}.results[${i}]`, file, rules, byId, artifact);
    if (f) out.push(f);
  }
  finishFileScope(file);
}

function readRule(r: Record<string, unknown>): Rule | undefined {
  const id = text(r.id);
  if (!id) return undefined;
  const props = isRecord(r.properties) ? r.properties : {};
  const tags = arr(props.tags);
  const name = str(r.name);
  const type: FindingType =
    (name !== undefined ? RULE_TYPES.get(name) : undefined) ??
    TAG_TYPES.find((t) => tags.includes(t)) ??
    (VULNERABILITY_ID.test(id) ? 'vulnerability' : 'misconfiguration');
  const check = type === 'misconfiguration' ? canonicalCheckId({ id }) : undefined;
  const tagSeverity = tags.find(
    (t): t is Severity => typeof t === 'string' && (SEVERITIES as readonly string[]).includes(t),
  );
  const score = props['security-severity'];
  const severity =
    tagSeverity ??
    (score !== undefined && parseSeverity(score) !== 'UNKNOWN' ? parseSeverity(score) : undefined);
  return {
    id,
    type,
    findingId: check?.id ?? id,
    aliases: check?.aliases ?? NONE,
    severity,
    level: isRecord(r.defaultConfiguration) ? str(r.defaultConfiguration.level) : undefined,
    title: message(r.shortDescription) ?? id,
    description: message(r.fullDescription),
    helpUri: text(r.helpUri),
    cvss: type === 'vulnerability' ? ruleCvss(props) : NONE,
    osPackage: name === 'OsPackageVulnerability',
  };
}

function readResult(
  raw: unknown,
  path: string,
  file: FileScope,
  rules: readonly (Rule | undefined)[],
  byId: ReadonlyMap<string, Rule>,
  artifact: ArtifactRef | undefined,
): Finding | undefined {
  if (!isRecord(raw)) return skipEntry(file, path, 'not an object');
  const ruleIndex = num(raw.ruleIndex);
  const ruleId = text(raw.ruleId) ?? (isRecord(raw.rule) ? text(raw.rule.id) : undefined);
  const rule =
    (ruleId !== undefined ? byId.get(ruleId) : undefined) ??
    (ruleIndex !== undefined ? rules[ruleIndex] : undefined);
  const id = ruleId ?? rule?.id;
  if (!id) return skipEntry(file, path, 'no ruleId');
  const passed = raw.kind === 'pass';
  if (passed && !file.ctx.includePassed) return undefined;
  const type = rule?.type ?? (VULNERABILITY_ID.test(id) ? 'vulnerability' : 'misconfiguration');
  const check = !rule && type === 'misconfiguration' ? canonicalCheckId({ id }) : undefined;
  // SARIF's default level is "warning" (§3.27.10).
  const severity = rule?.severity ?? parseSeverity(str(raw.level) ?? rule?.level ?? 'warning');
  const f = newFixedShapeFinding(
    type,
    rule?.findingId ?? check?.id ?? id,
    rule?.aliases ?? check?.aliases ?? NONE,
    severity,
    rule?.title ?? id,
    file.origin,
  );
  const said = message(raw.message);
  f.description = rule?.description;
  f.message = said;
  f.primaryUrl = rule?.helpUri;
  f.cvss = rule?.cvss ?? NONE;
  f.artifact = artifact;
  const loc = firstLocation(raw.locations);
  f.target = loc?.uri;
  if (loc?.uri && loc.startLine !== undefined && !rule?.osPackage) {
    const location: SourceLocation = {
      path: loc.uri,
      startLine: line1(loc.startLine),
      endLine: line1(loc.endLine ?? loc.startLine),
      approximate: false,
    };
    f.location = location;
  }
  if (type === 'vulnerability' && said) f.package = packageOfMessage(said);
  // Trivy's secret message ends in "Match: <the masked match>".
  if (type === 'secret' && said) f.match = /^Match: (.*)$/m.exec(said)?.[1];
  f.outcome = passed ? 'pass' : 'fail';
  // SARIF's own way of saying a result was reviewed away (`suppressions`, §3.27.23).
  f.suppressed = Array.isArray(raw.suppressions) && raw.suppressions.length > 0;
  return f;
}

/** The first physical location's file and lines. */
function firstLocation(
  locations: unknown,
): { uri?: string; startLine?: number; endLine?: number } | undefined {
  const first = arr(locations)[0];
  if (!isRecord(first) || !isRecord(first.physicalLocation)) return undefined;
  const physical = first.physicalLocation;
  const uri = isRecord(physical.artifactLocation) ? text(physical.artifactLocation.uri) : undefined;
  const region = isRecord(physical.region) ? physical.region : {};
  const startLine = num(region.startLine);
  const endLine = num(region.endLine);
  return {
    uri,
    startLine: startLine !== undefined && startLine >= 1 ? startLine : undefined,
    endLine: endLine !== undefined && startLine !== undefined && endLine >= startLine ? endLine : undefined,
  };
}

/**
 * Trivy's result message for a vulnerability names the package:
 * "Package: libssl1.1\nInstalled Version: 1.1.1c-r0\nVulnerability CVE-…\nSeverity: …\nFixed Version: 1.1.1d-r0\n…".
 */
function packageOfMessage(message: string): PackageInfo | undefined {
  const name = /^Package: (.+)$/m.exec(message)?.[1];
  if (!name) return undefined;
  return {
    name,
    installedVersion: /^Installed Version: (.+)$/m.exec(message)?.[1],
    fixedVersion: /^Fixed Version: (.+)$/m.exec(message)?.[1],
  };
}

/**
 * Trivy puts the CVSS figures of the severity source into rule properties
 * (`cvssv3_baseScore`, `cvssv3_vector` …, `pkg/report/sarif.go` `toCVSSData`). SARIF does not
 * say which vendor that was, so the score's source is `sarif`.
 */
function ruleCvss(props: Record<string, unknown>): readonly CvssScore[] {
  const score: CvssScore = {
    source: 'sarif',
    v2Score: num(props.cvssv2_score),
    v2Vector: text(props.cvssv2_vector),
    v3Score: num(props.cvssv3_baseScore),
    v3Vector: text(props.cvssv3_vector),
    v40Score: num(props.cvssv40_baseScore),
    v40Vector: text(props.cvssv40_vector),
  };
  const any =
    score.v2Score ?? score.v2Vector ?? score.v3Score ?? score.v3Vector ?? score.v40Score ?? score.v40Vector;
  return any === undefined ? NONE : [score];
}

/** `message` / `multiformatMessageString`: its `text`. */
function message(value: unknown): string | undefined {
  return isRecord(value) ? text(value.text) : undefined;
}
