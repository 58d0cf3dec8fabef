import * as vscode from 'vscode';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';

/** values.yaml files larger than this are not read for a fix. */
const VALUES_LIMIT_BYTES = 4 * 1024 * 1024;

/** The chart values a template's quick fixes may edit. */
export interface ChartValues {
  readonly uri: vscode.Uri;
  readonly text: string;
}

/**
 * The `values.yaml` of the Helm chart a template belongs to (`<chart>/templates/…` with a
 * `<chart>/Chart.yaml`), with its unsaved changes when it is open; `undefined` for anything else.
 */
export async function chartValuesOf(
  document: vscode.TextDocument,
  files: FileReader,
): Promise<ChartValues | undefined> {
  if (!document.getText().includes('{{')) return undefined;
  const segments = document.uri.path.split('/');
  const templates = segments.lastIndexOf('templates');
  if (templates < 1) return undefined;
  const chart = document.uri.with({ path: segments.slice(0, templates).join('/') });
  const values = vscode.Uri.joinPath(chart, 'values.yaml');
  const chartFile = await files
    .stat(vscode.Uri.joinPath(chart, 'Chart.yaml').toString())
    .catch(() => undefined);
  if (!chartFile || chartFile.isDirectory) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === values.toString());
  if (open) return { uri: values, text: open.getText() };
  const text = await files.readText(values.toString(), VALUES_LIMIT_BYTES).catch(() => undefined);
  return text === undefined ? undefined : { uri: values, text };
}
