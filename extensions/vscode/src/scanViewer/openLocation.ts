import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { line1, type LineRange } from '@trivy-findings/core/model/lines.js';
import { buildManifestIndex } from '@trivy-findings/core/manifests/manifestIndex.js';
import { rangeForFinding } from '@trivy-findings/core/manifests/findingToRange.js';
import { diagnosticRange, TextLines } from '../diagnostics/findingDiagnostic.js';
import { MANIFEST_LIMIT_BYTES } from '../diagnostics/scanDiagnostics.js';
import { resolveInWorkspace } from '../diagnostics/workspaceTarget.js';

/**
 * Opens the workspace file a finding's location names, beside the viewer, with the finding's lines
 * selected: the lines the diagnostics use (the core's `rangeForFinding`, narrowed to the cause or
 * the check's key), else the report's own lines. The path comes from the report: it is resolved
 * as the diagnostics resolve it (`resolveInWorkspace`), so one that climbs out of the workspace is
 * refused. Resolves to why nothing was opened, or `undefined` when the editor shows the file.
 */
export async function openFindingLocation(
  finding: Finding,
  scan: vscode.Uri,
  files: FileReader,
): Promise<string | undefined> {
  const loc = finding.location;
  if (!loc) return 'the report gives no file for this finding';
  const target = await resolveInWorkspace(loc.path, scan, files);
  if (!target) return `${loc.path} is not a file of the workspace`;
  let text: string;
  try {
    text = await files.readText(target.toString(), MANIFEST_LIMIT_BYTES);
  } catch (err) {
    return (err as Error).message;
  }
  const lines = new TextLines(text);
  const placed: LineRange = rangeForFinding(finding, buildManifestIndex(text, loc.path)) ?? loc;
  const last = line1(lines.count);
  const range = diagnosticRange(
    {
      startLine: placed.startLine > last ? last : placed.startLine,
      endLine: placed.endLine > last ? last : placed.endLine,
    },
    lines,
  );
  await vscode.window.showTextDocument(target, {
    selection: range,
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
  });
  return undefined;
}
