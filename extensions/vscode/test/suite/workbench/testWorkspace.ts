import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor.js';

/**
 * The workspace both launchers open: a copy of test/fixtures/trivy/inputs/helm_testchart with the
 * Trivy report of that chart and other real scan files in `scans/` (see `launcher/testWorkspace.ts`).
 */
export const HELM_SCAN = 'scans/config_helm-testchart_trivy-json.json';
/** `trivy image alpine:3.10` as JSON and as SARIF: four MEDIUM vulnerabilities, all fixed in a later version. */
export const IMAGE_SCAN = 'scans/image_alpine-3.10_trivy-json.json';
export const IMAGE_SARIF = 'scans/image_alpine-3.10_trivy-sarif.json';
/** Trivy Operator 0.31.3's VulnerabilityReports of a real cluster, saved with `kubectl get -o json`. */
export const CLUSTER_DUMP = 'scans/vulnerabilityreportlist_real-cluster_trivy-0.31.3.json';
/** A VulnerabilityReport list saved as YAML, as `kubectl get vulns -o yaml` writes it. */
export const YAML_DUMP = 'scans/vulnerabilityreportlist_pod-zipkin_wg-trivy-adapter.yaml';

/** The extension under test, as `publisher.name` of its package.json. */
export const EXTENSION_ID = 'trivy-findings.trivy-findings-vscode';

export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the launcher opens a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** Waits until the diagnostics of `uri` satisfy `done`. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  done: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(() => vscode.languages.getDiagnostics(uri), done, { what });
}

/** Writes a file into the test workspace (a temporary copy, so tests may add to it). */
export async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function readWorkspaceFile(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(relativePath)));
}

/** The quick fixes VS Code offers at a diagnostic, as the light bulb lists them (on the open file). */
export async function quickFixesAt(
  uri: vscode.Uri,
  diagnostic: vscode.Diagnostic,
): Promise<vscode.CodeAction[]> {
  await vscode.window.showTextDocument(uri);
  return vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
}
