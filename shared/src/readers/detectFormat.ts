import type { SourceFormat } from '../model/finding.js';
import { isRecord } from './fields.js';

/**
 * Recognises a parsed document by its content. One place knows every format's fingerprint:
 *  - Trivy JSON v0.20+: an object with `SchemaVersion` (2) and/or `Results` + `ArtifactName`
 *  - Trivy JSON up to v0.19: a top-level array of `{ Target, Vulnerabilities|Misconfigurations }`
 *  - `trivy k8s` JSON: `ClusterName` with `Resources`, `Findings`, or `Vulnerabilities`/`Misconfigurations`
 *  - SARIF 2.1.0: `version` "2.1.0" and `runs`
 *  - CycloneDX: `bomFormat: "CycloneDX"`
 *  - Kubernetes objects: `apiVersion` + `kind` (a single report, or a `List`)
 */
export function detectFormat(doc: unknown): SourceFormat | undefined {
  if (Array.isArray(doc)) {
    if (doc.length === 0) return 'trivy-json-legacy';
    return isRecord(doc[0]) && 'Target' in doc[0] ? 'trivy-json-legacy' : undefined;
  }
  if (!isRecord(doc)) return undefined;
  if (
    'ClusterName' in doc &&
    ('Resources' in doc || 'Findings' in doc || 'Vulnerabilities' in doc || 'Misconfigurations' in doc)
  )
    return 'trivy-k8s-json';
  if ('SchemaVersion' in doc || ('ArtifactName' in doc && 'Results' in doc)) return 'trivy-json';
  if (doc.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (typeof doc.version === 'string' && Array.isArray(doc.runs)) return 'sarif';
  if (typeof doc.apiVersion === 'string' && typeof doc.kind === 'string') return 'report-object';
  return undefined;
}

/** A short description of an unrecognised document for the problem message. */
export function describeUnknown(doc: unknown): string {
  if (Array.isArray(doc)) return `a JSON array of ${doc.length} item(s) without Trivy's "Target"`;
  if (!isRecord(doc)) return `a ${doc === null ? 'null' : typeof doc} value`;
  const keys = Object.keys(doc).slice(0, 6);
  if (typeof doc.apiVersion === 'string') return `apiVersion ${String(doc.apiVersion)} without a kind`;
  return keys.length ? `an object with keys ${keys.join(', ')}` : 'an empty object';
}
