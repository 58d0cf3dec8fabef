import type {
  ArtifactRef,
  CvssScore,
  Finding,
  Origin,
  PackageInfo,
  PackageStatus,
} from '../model/finding.js';
import { parseSeverity, severityRank, type Severity } from '../model/severity.js';
import { arr, isRecord, num, str, text } from './fields.js';
import { addProblem, type ReadContext } from './readContext.js';
import { newFixedShapeFinding, NONE } from './findingDraft.js';
import { imageArtifact } from './trivy/imageArtifact.js';
import { entryProblem, finishFileScope, newFileScope, skipEntry, type FileScope } from './trivy/scope.js';

/** A component as a vulnerability's `affects` needs it. */
interface Component {
  readonly name: string;
  readonly version: string | undefined;
  readonly purl: string | undefined;
  /** Trivy's package type (property `aquasecurity:trivy:PkgType`: `npm`, `alpine` …). */
  readonly type: string | undefined;
  /** The application (lock file, OS) the component belongs to, as Trivy's BOM nests it. */
  target?: string;
}

/** CycloneDX `analysis.state` values that mean "reviewed, not a problem here" (VEX). */
const DISMISSED = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);
/** Trivy writes the fix as "Upgrade <pkg> to version <v>" (`pkg/sbom/cyclonedx/marshal.go`). */
const RECOMMENDATION = /^Upgrade .+ to version (.+)$/;

/**
 * Reads the `vulnerabilities` of a CycloneDX JSON BOM (Trivy's `--format cyclonedx` with
 * vulnerability scanning, or `trivy convert`). One finding per affected component, found by
 * `bom-ref`. A BOM without vulnerabilities (an SBOM) yields no findings and no problem.
 */
export function readCycloneDx(doc: unknown, ctx: ReadContext): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(doc)) {
    addProblem(ctx, 'error', 'not a CycloneDX BOM');
    return out;
  }
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const tool = firstTool(metadata.tools);
  const origin: Origin = {
    tool: tool?.name ?? 'unknown',
    toolVersion: tool?.version,
    format: 'cyclonedx',
    file: ctx.path,
  };
  const file = newFileScope(ctx, origin);
  const vulns = doc.vulnerabilities;
  if (vulns === undefined || vulns === null) return out;
  if (!Array.isArray(vulns)) {
    addProblem(ctx, 'warning', 'vulnerabilities is not a list; nothing read');
    return out;
  }
  if (vulns.length === 0) return out;
  const components = indexComponents(doc);
  const artifact = bomImage(file, metadata.component);
  for (let i = 0; i < vulns.length; i++)
    readVulnerability(vulns[i], `vulnerabilities[${i}]`, file, components, artifact, out);
  finishFileScope(file);
  return out;
}

function readVulnerability(
  raw: unknown,
  path: string,
  file: FileScope,
  components: ReadonlyMap<string, Component>,
  artifact: ArtifactRef | undefined,
  out: Finding[],
): void {
  if (!isRecord(raw)) return skipEntry(file, path, 'not an object');
  const id = text(raw.id);
  if (!id) return skipEntry(file, path, 'no id');
  const source = isRecord(raw.source) ? text(raw.source.name) : undefined;
  const ratings = arr(raw.ratings).filter(isRecord);
  const severity = vulnerabilitySeverity(ratings, source);
  const cvss = ratingsCvss(ratings);
  const advisories = arr(raw.advisories).flatMap((a) =>
    isRecord(a) && typeof a.url === 'string' ? [a.url] : [],
  );
  const fixedVersion = RECOMMENDATION.exec(str(raw.recommendation) ?? '')?.[1];
  const analysis = isRecord(raw.analysis) ? str(raw.analysis.state) : undefined;
  const affects = arr(raw.affects);
  if (affects.length === 0) entryProblem(file, path, 'no affects; read without a package');
  for (const [j, a] of (affects.length > 0 ? affects : [undefined]).entries()) {
    const ref = isRecord(a) ? text(a.ref) : undefined;
    const component = ref !== undefined ? components.get(ref) : undefined;
    if (a !== undefined && !component)
      entryProblem(
        file,
        `${path}.affects[${j}]`,
        `ref ${JSON.stringify(ref ?? null).slice(0, 80)} names no component`,
      );
    const f = newFixedShapeFinding('vulnerability', id, NONE, severity, text(raw.title) ?? id, file.origin);
    f.description = text(raw.description) ?? text(raw.detail);
    // Trivy lists `PrimaryURL` first, then the references.
    f.primaryUrl = advisories[0];
    f.references = advisories.length > 1 ? advisories.slice(1) : NONE;
    f.cvss = cvss;
    f.target = component?.target;
    f.artifact = artifact;
    if (component) f.package = packageOf(component, isRecord(a) ? a : {}, fixedVersion);
    f.publishedDate = text(raw.published);
    f.lastModifiedDate = text(raw.updated);
    f.suppressed = analysis !== undefined && DISMISSED.has(analysis);
    out.push(f);
  }
}

function packageOf(
  c: Component,
  affect: Record<string, unknown>,
  fixedVersion: string | undefined,
): PackageInfo {
  const versions = arr(affect.versions).filter(isRecord);
  const affected = versions.find((v) => v.status !== 'unaffected') ?? versions[0];
  const cdxStatus = affected ? str(affected.status) : undefined;
  // Trivy's "fixed" means a fix exists, which CycloneDX says through the recommendation.
  let status: PackageStatus | undefined;
  if (cdxStatus === 'unaffected') status = 'not_affected';
  else if (fixedVersion) status = 'fixed';
  else if (cdxStatus === 'affected') status = 'affected';
  else if (cdxStatus) status = 'unknown';
  return {
    name: c.name,
    installedVersion: (affected ? text(affected.version) : undefined) ?? c.version,
    fixedVersion,
    purl: c.purl,
    status,
    ...(c.type ? { type: c.type } : {}),
  };
}

/**
 * Trivy's severity is that of the advisory's source (`source.name`); failing that NVD's, then the
 * highest any rating gives.
 */
function vulnerabilitySeverity(
  ratings: readonly Record<string, unknown>[],
  source: string | undefined,
): Severity {
  const of = (name: string): Severity | undefined => {
    const r = ratings.find((x) => isRecord(x.source) && x.source.name === name && x.severity !== undefined);
    return r ? parseSeverity(r.severity) : undefined;
  };
  const named = (source !== undefined ? of(source) : undefined) ?? of('nvd');
  if (named) return named;
  let best: Severity = 'UNKNOWN';
  for (const r of ratings) {
    const s = parseSeverity(r.severity ?? r.score);
    if (severityRank(s) > severityRank(best)) best = s;
  }
  return best;
}

/** CVSS ratings (`method` CVSSv2/CVSSv3/CVSSv31/CVSSv4) grouped per source, as Trivy's JSON has them. */
function ratingsCvss(ratings: readonly Record<string, unknown>[]): readonly CvssScore[] {
  const bySource = new Map<string, { -readonly [K in keyof CvssScore]: CvssScore[K] }>();
  for (const r of ratings) {
    const method = str(r.method);
    if (!method?.startsWith('CVSS')) continue;
    const source = (isRecord(r.source) ? text(r.source.name) : undefined) ?? 'unknown';
    let s = bySource.get(source);
    if (!s) {
      s = {
        source,
        v2Score: undefined,
        v2Vector: undefined,
        v3Score: undefined,
        v3Vector: undefined,
        v40Score: undefined,
        v40Vector: undefined,
      };
      bySource.set(source, s);
    }
    const score = num(r.score);
    const vector = text(r.vector);
    if (method === 'CVSSv2') {
      s.v2Score = score;
      s.v2Vector = vector;
    } else if (method === 'CVSSv4') {
      s.v40Score = score;
      s.v40Vector = vector;
    } else if (method === 'CVSSv3' || method === 'CVSSv31') {
      s.v3Score = score;
      s.v3Vector = vector;
    }
  }
  return bySource.size > 0 ? [...bySource.values()] : NONE;
}

/** Components by `bom-ref`, each with the application it belongs to (from `dependencies`). */
function indexComponents(doc: Record<string, unknown>): Map<string, Component> {
  const byRef = new Map<string, Component>();
  const applications = new Map<string, string>();
  const walk = (list: unknown): void => {
    for (const c of arr(list)) {
      if (!isRecord(c)) continue;
      const ref = text(c['bom-ref']);
      const name = text(c.name);
      if (ref && name) {
        byRef.set(ref, { name, version: text(c.version), purl: text(c.purl), type: pkgType(c) });
        if (c.type === 'application') applications.set(ref, name);
      }
      walk(c.components); // nested components (CycloneDX §components.components)
    }
  };
  walk(doc.components);
  // Trivy's BOM: the application component (a lock file, an OS) depends on its packages.
  for (const d of arr(doc.dependencies)) {
    if (!isRecord(d)) continue;
    const parent = text(d.ref);
    const app = parent !== undefined ? applications.get(parent) : undefined;
    if (!app) continue;
    for (const child of arr(d.dependsOn)) {
      const c = typeof child === 'string' ? byRef.get(child) : undefined;
      if (c && c.target === undefined) c.target = app;
    }
  }
  return byRef;
}

/** A component's `aquasecurity:trivy:PkgType` property, which Trivy writes on every package. */
function pkgType(component: Record<string, unknown>): string | undefined {
  for (const p of arr(component.properties))
    if (isRecord(p) && p.name === 'aquasecurity:trivy:PkgType') return text(p.value);
  return undefined;
}

/** The image a BOM describes (`metadata.component` of type `container`, Trivy's properties). */
function bomImage(file: FileScope, component: unknown): ArtifactRef | undefined {
  if (!isRecord(component) || component.type !== 'container') return undefined;
  const props = new Map<string, string[]>();
  for (const p of arr(component.properties)) {
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.value !== 'string') continue;
    const list = props.get(p.name) ?? [];
    list.push(p.value);
    props.set(p.name, list);
  }
  return imageArtifact(file, {
    repoTags: props.get('aquasecurity:trivy:RepoTag'),
    repoDigests: props.get('aquasecurity:trivy:RepoDigest'),
    imageId: props.get('aquasecurity:trivy:ImageID')?.[0],
    names: [component.name],
  });
}

/** `metadata.tools`: `{ components: [...] }` since CycloneDX 1.5, a plain list before. */
function firstTool(tools: unknown): { name: string; version: string | undefined } | undefined {
  const list = isRecord(tools) ? arr(tools.components) : arr(tools);
  for (const t of list) {
    if (isRecord(t) && text(t.name)) return { name: text(t.name)!, version: text(t.version) };
  }
  return undefined;
}
