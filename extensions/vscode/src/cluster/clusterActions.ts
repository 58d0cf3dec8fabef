import * as vscode from 'vscode';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import { toLine0 } from '@trivy-findings/core/model/lines.js';
import { REPORT_KINDS } from '@trivy-findings/core/model/reportKinds.js';
import { Commands, type ClusterNodeArg } from '../commands.js';
import { findingMarkdown } from '../hovers/findingMarkdown.js';
import { escapeMarkdown } from '../hovers/markdownText.js';
import { registerCommand } from '../registerCommand.js';
import { labelOf, reportsOfNode, ruleLinkOf, type ReportRef } from '../views/clusterTreeModel.js';
import type { ClusterConnection } from './clusterConnection.js';

/** The scheme of the read-only finding documents. */
export const FINDING_SCHEME = 'trivy-findings-finding';

/** Most manifest files read to find a workload's manifest (a monorepo has thousands of YAML files). */
const MAX_MANIFEST_FILES = 2000;

/**
 * The context-menu actions of the Cluster view: open a finding (a read-only Markdown document with
 * every piece of report text escaped), copy its id, open its rule link (http and https only),
 * reveal a workload's manifest, and rescan (delete the reports after a modal confirm; the
 * operator then scans again).
 */
export function registerClusterActions(
  core: Pick<FindingsCore, 'workspace'>,
  connection: ClusterConnection,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const documents = new Map<string, string>();
  const contents: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: (uri) => documents.get(uri.path) ?? 'This finding is no longer shown.',
  };
  const disposables = [
    vscode.workspace.registerTextDocumentContentProvider(FINDING_SCHEME, contents),
    registerCommand(Commands.openClusterFinding, async (node) => {
      if (node?.type !== 'finding') return;
      const f = node.finding;
      const path = `/${encodeURIComponent(node.id)}.md`;
      const where = node.workload
        ? `${node.workload.kind} ${node.workload.namespace ?? ''}/${node.workload.name}`
        : '';
      const report = f.origin.report
        ? `${f.origin.report.kind} ${f.origin.report.namespace ? `${f.origin.report.namespace}/` : ''}${f.origin.report.name}`
        : '';
      documents.set(
        path,
        [
          findingMarkdown(f),
          where ? `**Workload:** ${escapeMarkdown(where)}` : '',
          report ? `**Report:** ${escapeMarkdown(report)}` : '',
        ]
          .filter((p) => p !== '')
          .join('\n\n') + '\n',
      );
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: FINDING_SCHEME, path }));
      await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    registerCommand(Commands.copyFindingId, async (node) => {
      if (node?.type !== 'finding') return;
      await vscode.env.clipboard.writeText(node.finding.id);
      vscode.window.setStatusBarMessage(`Copied ${node.finding.id}`, 3000);
    }),
    registerCommand(Commands.openRuleLink, async (node) => {
      if (node?.type !== 'finding') return;
      const link = ruleLinkOf(node.finding);
      if (!link) {
        void vscode.window.showInformationMessage(`${node.finding.id} has no http(s) link.`);
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(link, true));
    }),
    registerCommand(Commands.rescanWorkload, (node, confirm) => rescan(connection, log, node, confirm)),
    registerCommand(Commands.revealWorkloadManifest, (node) => revealManifest(core, node)),
  ];
  return { dispose: () => disposables.forEach((d) => d.dispose()) };
}

/** What a rescan did, for the message and the tests. */
export interface RescanResult {
  readonly deleted: readonly string[];
  readonly failed: readonly { readonly report: string; readonly message: string }[];
  readonly cancelled: boolean;
}

async function rescan(
  connection: ClusterConnection,
  log: vscode.LogOutputChannel,
  node: ClusterNodeArg,
  confirm: boolean | undefined,
): Promise<RescanResult> {
  const none: RescanResult = { deleted: [], failed: [], cancelled: true };
  const state = connection.state;
  if (state.phase !== 'connected' || !node) return none;
  const reports = reportsOfNode(node, state.session.store);
  if (reports.length === 0) {
    void vscode.window.showInformationMessage(`${labelOf(node)} has no report to delete.`);
    return none;
  }
  const names = reports.map(reportName);
  if (confirm !== true) {
    const answer = await vscode.window.showWarningMessage(
      `Delete ${reports.length === 1 ? 'the report' : `${reports.length} reports`} of ${labelOf(node)} in ${state.context}?`,
      {
        modal: true,
        detail: `Trivy Operator scans the workload again and writes new reports.\n\n${names.join('\n')}`,
      },
      'Delete and Rescan',
    );
    if (answer !== 'Delete and Rescan') return none;
  }
  const deleted: string[] = [];
  const failed: { report: string; message: string }[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deleting the reports of ${labelOf(node)}…` },
    async () => {
      for (const report of reports) {
        const kind = REPORT_KINDS.find((k) => k.kind === report.kind);
        if (!kind) continue;
        try {
          await state.session.deleteReport({
            kind,
            ...(report.namespace ? { namespace: report.namespace } : {}),
            name: report.name,
          });
          deleted.push(reportName(report));
          log.info(`rescan: deleted ${reportName(report)} in ${state.context}`);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          failed.push({ report: reportName(report), message });
          log.warn(`rescan: ${message}`);
        }
      }
    },
  );
  if (failed.length === 0)
    void vscode.window.showInformationMessage(
      `Deleted ${deleted.length} report${deleted.length === 1 ? '' : 's'} of ${labelOf(node)}: Trivy Operator will scan it again.`,
    );
  else
    void vscode.window.showErrorMessage(
      `Could not delete ${failed.length} of ${reports.length} reports of ${labelOf(node)}: ${failed[0]!.message}`,
    );
  return { deleted, failed, cancelled: false };
}

function reportName(r: ReportRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/**
 * Opens the manifest that describes a workload, from the core's manifest workspace; the workspace's
 * YAML files are handed to it first when it knows none of the workload.
 */
async function revealManifest(core: Pick<FindingsCore, 'workspace'>, node: ClusterNodeArg): Promise<boolean> {
  const workload = node?.type === 'workload' || node?.type === 'workloadKind' ? node.workload : undefined;
  if (!workload) return false;
  let found = core.workspace.objectsFor(workload);
  if (found.length === 0) {
    const files = await vscode.workspace.findFiles(
      '**/*.{yaml,yml}',
      '**/node_modules/**',
      MAX_MANIFEST_FILES,
    );
    for (const uri of files) {
      const bytes = await vscode.workspace.fs.readFile(uri).then(
        (b) => b,
        () => undefined,
      );
      if (bytes) core.workspace.update(uri.toString(), new TextDecoder().decode(bytes));
    }
    found = core.workspace.objectsFor(workload);
  }
  const first = found[0];
  if (!first) {
    void vscode.window.showInformationMessage(
      `No manifest of ${workload.kind} ${workload.namespace ? `${workload.namespace}/` : ''}${workload.name} in this workspace.`,
    );
    return false;
  }
  const line = toLine0(first.object.nameLine);
  await vscode.window.showTextDocument(vscode.Uri.parse(first.path), {
    selection: new vscode.Range(line, 0, line, 0),
  });
  return true;
}
