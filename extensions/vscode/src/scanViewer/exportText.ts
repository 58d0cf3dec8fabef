// The text of "Export as SARIF / JSON": the core's writers, which the CLI prints with too, so a view
// exported from VS Code is what `trivy-findings --sarif` or `--json` prints for the same findings.
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { SourceRead } from '@trivy-findings/core/readers/readSource.js';
import { problemToJson, workloadFindingToJson } from '@trivy-findings/core/writers/findingJson.js';
import { findingsToSarif } from '@trivy-findings/core/writers/sarifWriter.js';
import type { WorkloadOf } from './findingRows.js';
import type { ExportFormat } from './protocol.js';

/** What an export is made of: the findings of the view, in its order, and the read they came from. */
export interface ExportInput {
  readonly findings: readonly Finding[];
  readonly workloadOf: WorkloadOf;
  readonly read: Pick<SourceRead, 'path' | 'format' | 'problems'>;
  /** The version the SARIF `tool.driver` names: the extension's. */
  readonly toolVersion: string;
}

/** The file's text: SARIF 2.1.0, or `{ findings, sources }` as `trivy-findings --json` prints it. */
export function exportText(format: ExportFormat, input: ExportInput): string {
  const { findings, workloadOf, read, toolVersion } = input;
  const document =
    format === 'sarif'
      ? findingsToSarif(findings, toolVersion)
      : {
          findings: findings.map((f) => workloadFindingToJson(f, workloadOf(f))),
          sources: [{ path: read.path, format: read.format, problems: read.problems.map(problemToJson) }],
        };
  return JSON.stringify(document, null, 2) + '\n';
}

/** The file name an export of `scanName` is offered under: `image.trivy.json` → `image.trivy.view.sarif`. */
export function exportFileName(scanName: string, format: ExportFormat): string {
  const base = scanName.split(/[\\/]/).pop() ?? scanName;
  const stem = base.replace(/\.(json|sarif|ya?ml)$/i, '');
  return `${stem}.view.${format === 'sarif' ? 'sarif' : 'json'}`;
}
