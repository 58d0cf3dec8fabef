import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/commands.js';
import {
  HELM_SCAN,
  readWorkspaceFile,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from './workbench/testWorkspace.js';

/** The shape the command resolves to (the core's `SourceRead`), as far as the specs look at it. */
interface Read {
  readonly format: string;
  readonly findings: readonly { readonly id: string }[];
  readonly problems: readonly { readonly level: string; readonly message: string; readonly line?: number }[];
}

const openScanFile = (file: vscode.Uri) =>
  vscode.commands.executeCommand<Read | undefined>(Commands.openScanFile, file);

/** A diagnostic reduced to what a person sees of it, for exact comparisons. */
function seen(d: vscode.Diagnostic) {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  const { start, end } = d.range;
  return `${code} ${vscode.DiagnosticSeverity[d.severity]} ${start.line}:${start.character}-${end.line}:${end.character}`;
}

describe('Open Scan File', () => {
  const deployment = () => workspaceUri('templates/deployment.yaml');

  it('puts the findings of the Helm chart scan on templates/deployment.yaml, at the lines Trivy names', async () => {
    const read = await openScanFile(workspaceUri(HELM_SCAN));
    assert.equal(read?.format, 'trivy-json');
    assert.equal(read?.findings.length, 6);
    const diagnostics = await waitForDiagnostics(
      deployment(),
      'five Trivy diagnostics',
      (d) => d.length === 5,
    );
    // Trivy's lines of a chart are those of the rendered manifest (1-based 28, 4, 23); the core
    // narrows each block to its cause line and `toLine0` turns it into the editor's line.
    assert.deepEqual(diagnostics.map(seen).sort(), [
      'KSV001 Warning 27:6-27:22',
      'KSV030 Information 27:6-27:22',
      'KSV104 Warning 27:6-27:22',
      'KSV110 Information 3:2-3:44',
      'KSV118 Error 22:6-22:42',
    ]);
    const ksv001 = diagnostics.find((d) => seen(d).startsWith('KSV001'));
    assert.equal(ksv001?.source, 'Trivy');
    assert.equal(
      ksv001?.message,
      "Can elevate its own privileges: Container 'testchart' of Deployment 'testchart' should set 'securityContext.allowPrivilegeEscalation' to false",
    );
    assert.equal(
      typeof ksv001?.code === 'object' && ksv001.code.target.toString(),
      'https://avd.aquasec.com/misconfig/ksv-0001',
    );
  });

  it('replaces the diagnostics of a scan file opened again instead of adding to them', async () => {
    await openScanFile(workspaceUri(HELM_SCAN));
    await openScanFile(workspaceUri(HELM_SCAN));
    assert.equal(vscode.languages.getDiagnostics(deployment()).length, 5);
  });

  it('reads a malformed scan file into a problem at the line where it breaks, and throws nothing', async () => {
    const text = await readWorkspaceFile(HELM_SCAN);
    // The real report with one comma dropped, as a hand edit might leave it: the parser stops at
    // the token after the missing comma, on the next line.
    const value = '"Severity": "HIGH",';
    const at = text.indexOf(value) + value.length - 1;
    const broken = text.slice(0, at) + text.slice(at + 1);
    const read = await openScanFile(await writeWorkspaceFile('scans/hand-edited_trivy.json', broken));
    assert.equal(read?.format, 'unknown');
    assert.equal(read?.problems.length, 1);
    assert.equal(read?.problems[0]?.level, 'error');
    assert.match(read?.problems[0]?.message ?? '', /^malformed JSON/);
    const nextToken = broken.indexOf('"', at);
    assert.equal(read?.problems[0]?.line, broken.slice(0, nextToken).split('\n').length);
  });

  it('does not follow a location that climbs out of the workspace', async () => {
    // The real report with its target moved outside the workspace folder.
    const report = JSON.parse(await readWorkspaceFile(HELM_SCAN)) as { Results: { Target: string }[] };
    report.Results[0]!.Target = '../templates/deployment.yaml';
    const scan = await writeWorkspaceFile('scans/climbing_trivy.json', JSON.stringify(report));
    const read = await openScanFile(scan);
    assert.equal(read?.findings.length, 6);
    assert.equal(
      vscode.languages.getDiagnostics(deployment()).length,
      5,
      'only the first scan put diagnostics there',
    );
    // The cluster's findings on the workspace's manifests (source `Trivy (<context>)`) are not the scan's.
    const elsewhere = vscode.languages
      .getDiagnostics()
      .filter(
        ([uri, list]) => list.some((d) => d.source === 'Trivy') && uri.toString() !== deployment().toString(),
      );
    assert.deepEqual(
      elsewhere.map(([uri]) => uri.toString()),
      [],
    );
  });
});
