import type { ArtifactRef, Finding, ResourceRef } from '../../model/finding.js';
import { isRecord, str, text } from '../fields.js';
import type { FindingDraft } from '../findingDraft.js';
import { readLicense } from './license.js';
import { readMisconfiguration } from './misconfiguration.js';
import { packageLines, type PackageLines } from './packageLines.js';
import { entryAt, resultPath, skipEntry, type FileScope, type ResultScope } from './scope.js';
import { readSecret } from './secret.js';
import { readVulnerability } from './vulnerability.js';

/** Where a result sits: what its findings share besides the file's origin. */
export interface ResultPlace {
  readonly resource: ResourceRef | undefined;
  readonly artifact: ArtifactRef | undefined;
  readonly inCluster: boolean;
}

/**
 * Reads one Trivy `Result` (`pkg/types/report.go`), item `index` of the list named `list`
 * (`Results`, `Resources[12].Results`), into `out`: its vulnerabilities, misconfigurations,
 * secrets and licenses, then `ExperimentalModifiedFindings` (findings a `.trivyignore` or VEX
 * statement took out of the lists, since v0.55) as suppressed findings. Used by the Trivy JSON
 * reader and the `trivy k8s` reader alike, so both read every result type one way.
 */
export function readResult(
  raw: unknown,
  list: string,
  index: number,
  file: FileScope,
  place: ResultPlace,
  out: Finding[],
): void {
  if (!isRecord(raw)) return skipEntry(file, `${list}[${index}]`, 'not an object');
  const scope: ResultScope = {
    file,
    list,
    index,
    target: text(raw.Target),
    type: str(raw.Type),
    resource: place.resource,
    artifact: place.artifact,
    inCluster: place.inCluster,
  };
  const vulns = listOf(raw, 'Vulnerabilities', scope);
  // Trivy writes `ExperimentalModifiedFindings`; `ModifiedFindings` is the Go field's own name.
  const modifiedKey =
    raw.ExperimentalModifiedFindings !== undefined ? 'ExperimentalModifiedFindings' : 'ModifiedFindings';
  const modified = listOf(raw, modifiedKey, scope);
  const lines =
    vulns || modified
      ? packageLines(raw.Packages, (vulns?.length ?? 0) + (modified?.length ?? 0))
      : undefined;
  if (vulns)
    for (let i = 0; i < vulns.length; i++)
      push(out, readVulnerability(vulns[i], scope, 'Vulnerabilities', i, lines, false));
  const misconfs = listOf(raw, 'Misconfigurations', scope);
  if (misconfs)
    for (let i = 0; i < misconfs.length; i++)
      push(out, readMisconfiguration(misconfs[i], scope, 'Misconfigurations', i, false));
  const secrets = listOf(raw, 'Secrets', scope);
  if (secrets)
    for (let i = 0; i < secrets.length; i++) push(out, readSecret(secrets[i], scope, 'Secrets', i, false));
  const licenses = listOf(raw, 'Licenses', scope);
  if (licenses)
    for (let i = 0; i < licenses.length; i++)
      push(out, readLicense(licenses[i], scope, 'Licenses', i, false));
  if (modified) readModified(modified, scope, modifiedKey, lines, out);
}

/** `ModifiedFinding` (`pkg/types/finding.go`): `{ Type, Status, Statement, Source, Finding }`. */
function readModified(
  entries: readonly unknown[],
  scope: ResultScope,
  key: string,
  lines: PackageLines | undefined,
  out: Finding[],
): void {
  for (let i = 0; i < entries.length; i++) {
    const m = entries[i];
    if (!isRecord(m)) {
      skipEntry(scope.file, entryAt(scope, key, i), 'not an object');
      continue;
    }
    const at = `${key}[${i}].Finding`;
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
        skipEntry(
          scope.file,
          entryAt(scope, key, i),
          `unknown Type ${JSON.stringify(m.Type ?? null).slice(0, 40)}`,
        );
        continue;
    }
    if (!f) continue;
    // Say why it is not in the lists, "not_affected (vulnerable_code_not_in_execute_path, ./vex.json)",
    // unless the finding has a message of its own (misconfigurations do).
    const why = [text(m.Statement), text(m.Source)].filter(Boolean).join(', ');
    const status = text(m.Status) ?? 'modified';
    f.message ??= why ? `${status} (${why})` : status;
    out.push(f);
  }
}

/** A list field of a result; `null` (Trivy's empty list) and absence are `undefined`, other types a problem. */
function listOf(
  raw: Record<string, unknown>,
  key: string,
  scope: ResultScope,
): readonly unknown[] | undefined {
  const value = raw[key];
  if (Array.isArray(value)) return value.length > 0 ? value : undefined;
  if (value !== undefined && value !== null)
    skipEntry(scope.file, `${resultPath(scope)}.${key}`, 'not a list');
  return undefined;
}

function push(out: Finding[], f: FindingDraft | undefined): void {
  if (f) out.push(f);
}
