import type { ArtifactRef, Finding, ResourceRef } from '../../model/finding.js';
import { isRecord, str, text } from '../fields.js';
import type { FindingDraft } from './draft.js';
import { readLicense } from './license.js';
import { readMisconfiguration } from './misconfiguration.js';
import { indexPackageLines, type PackageLines } from './packageLines.js';
import { entryProblem, type FileScope, type ResultScope } from './scope.js';
import { readSecret } from './secret.js';
import { readVulnerability } from './vulnerability.js';

/** Where a result sits: what its findings share besides the file's origin. */
export interface ResultPlace {
  readonly resource: ResourceRef | undefined;
  readonly artifact: ArtifactRef | undefined;
  readonly inCluster: boolean;
}

/**
 * Reads one Trivy `Result` (`pkg/types/report.go`) into `out`: its vulnerabilities,
 * misconfigurations, secrets and licenses, then `ExperimentalModifiedFindings` (findings a
 * `.trivyignore` or VEX statement took out of the lists) as suppressed findings. Used by the
 * Trivy JSON reader and the `trivy k8s` reader alike, so both read every result type one way.
 */
export function readResult(raw: unknown, path: string, file: FileScope, place: ResultPlace, out: Finding[]): void {
  if (!isRecord(raw)) {
    entryProblem(file, path, 'skipped, not an object');
    return;
  }
  const scope: ResultScope = {
    file,
    path,
    target: text(raw.Target),
    type: str(raw.Type),
    resource: place.resource,
    artifact: place.artifact,
    inCluster: place.inCluster,
  };
  const vulns = list(raw.Vulnerabilities, scope, 'Vulnerabilities');
  const modified = list(raw.ExperimentalModifiedFindings, scope, 'ExperimentalModifiedFindings') ?? list(raw.ModifiedFindings, scope, 'ModifiedFindings');
  const lines = vulns || modified ? indexPackageLines(raw.Packages) : undefined;
  if (vulns) {
    const where = `${path}.Vulnerabilities`;
    for (let i = 0; i < vulns.length; i++) push(out, readVulnerability(vulns[i], scope, where, i, lines, false));
  }
  const misconfs = list(raw.Misconfigurations, scope, 'Misconfigurations');
  if (misconfs) {
    const where = `${path}.Misconfigurations`;
    for (let i = 0; i < misconfs.length; i++) push(out, readMisconfiguration(misconfs[i], scope, where, i, false));
  }
  const secrets = list(raw.Secrets, scope, 'Secrets');
  if (secrets) {
    const where = `${path}.Secrets`;
    for (let i = 0; i < secrets.length; i++) push(out, readSecret(secrets[i], scope, where, i, false));
  }
  const licenses = list(raw.Licenses, scope, 'Licenses');
  if (licenses) {
    const where = `${path}.Licenses`;
    for (let i = 0; i < licenses.length; i++) push(out, readLicense(licenses[i], scope, where, i, false));
  }
  // Trivy writes `ExperimentalModifiedFindings`; `ModifiedFindings` is the Go field's own name.
  if (modified) {
    const key = raw.ExperimentalModifiedFindings === modified ? 'ExperimentalModifiedFindings' : 'ModifiedFindings';
    readModified(modified, scope, `${path}.${key}`, lines, out);
  }
}

/** `ModifiedFinding` (`pkg/types/finding.go`): `{ Type, Status, Statement, Source, Finding }`. */
function readModified(
  entries: readonly unknown[],
  scope: ResultScope,
  where: string,
  lines: PackageLines | undefined,
  out: Finding[],
): void {
  for (let i = 0; i < entries.length; i++) {
    const m = entries[i];
    if (!isRecord(m)) {
      entryProblem(scope.file, `${where}[${i}]`, 'skipped, not an object');
      continue;
    }
    const at = `${where}[${i}].Finding`;
    let f: FindingDraft | undefined;
    switch (m.Type) {
      case 'vulnerability':
        f = readVulnerability(m.Finding, scope, at, -1, lines, true);
        break;
      case 'misconfiguration':
        f = readMisconfiguration(m.Finding, scope, at, -1, true);
        break;
      case 'secret':
        f = readSecret(m.Finding, scope, at, -1, true);
        break;
      case 'license':
        f = readLicense(m.Finding, scope, at, -1, true);
        break;
      default:
        entryProblem(scope.file, `${where}[${i}]`, `skipped, unknown Type ${JSON.stringify(m.Type ?? null).slice(0, 40)}`);
        continue;
    }
    if (!f) continue;
    // Say why it is not in the lists: "not_affected (vulnerable_code_not_in_execute_path, ./vex.json)".
    const why = [text(m.Statement), text(m.Source)].filter(Boolean).join(', ');
    const status = text(m.Status) ?? 'modified';
    f.message ??= why ? `${status} (${why})` : status;
    out.push(f);
  }
}

function list(value: unknown, scope: ResultScope, key: string): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value.length > 0 ? value : undefined;
  if (value !== undefined && value !== null) entryProblem(scope.file, `${scope.path}.${key}`, 'skipped, not a list');
  return undefined;
}

function push(out: Finding[], f: FindingDraft | undefined): void {
  if (f) out.push(f);
}
