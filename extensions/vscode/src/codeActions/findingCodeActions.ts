import * as vscode from 'vscode';
import type { Fix } from '@trivy-findings/core/fixes/fix.js';
import { fixesForFinding } from '@trivy-findings/core/fixes/manifestFixes.js';
import { suppressionFor } from '@trivy-findings/core/fixes/suppressFix.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { Commands } from '../commands.js';
import type { FindingRegistry } from '../diagnostics/findingRegistry.js';
import type { WorkspaceIgnore } from '../filters/workspaceIgnore.js';
import { workspaceEditOf } from './fixEdits.js';
import { chartValuesOf } from './helmValues.js';
import { configuredResources } from './resourceDefaults.js';

/** What the quick fixes need from the extension. */
export interface CodeActionDeps {
  readonly files: FileReader;
  readonly registry: FindingRegistry;
  /** Which file a suppression in a folder goes to: the title names it. */
  readonly ignore: Pick<WorkspaceIgnore, 'fileFor'>;
}

/** YAML manifests and Helm templates (the Kubernetes extension's `helm` language), on any file system. */
const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'helm' }];

/**
 * Quick fixes on the diagnostics the extension published: the core's fixes for the finding (see
 * `shared/src/fixes/`), applied as one `WorkspaceEdit` so undo takes them back, and "Suppress … in
 * .trivyignore.yaml…" (or the folder's `.trivyignore`, when that is its file) for any finding,
 * local or the cluster's.
 */
export function registerFindingCodeActions(deps: CodeActionDeps): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(SELECTOR, new FindingCodeActions(deps), {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  });
}

class FindingCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly deps: CodeActionDeps) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const ours = context.diagnostics
      .map((diagnostic) => ({ diagnostic, finding: this.deps.registry.findingOf(document.uri, diagnostic) }))
      .filter((d): d is { diagnostic: vscode.Diagnostic; finding: Finding } => d.finding !== undefined);
    if (ours.length === 0) return [];
    const values = await chartValuesOf(document, this.deps.files);
    const actions: vscode.CodeAction[] = [];
    for (const { diagnostic, finding } of ours) {
      const fixes = fixesForFinding(finding, {
        manifest: { path: document.uri.toString(), text: document.getText() },
        ...(values ? { helmValues: { path: values.uri.toString(), text: values.text } } : {}),
        resources: configuredResources(),
      });
      const uris = new Map([[document.uri.toString(), document.uri]]);
      if (values) uris.set(values.uri.toString(), values.uri);
      for (const fix of fixes) {
        const action = this.actionOf(fix, document, diagnostic, uris);
        if (action) actions.push(action);
      }
      const suppression = suppressionFor(finding, this.deps.ignore.fileFor(document.uri)?.name);
      if (suppression) {
        const action = new vscode.CodeAction(suppression.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = {
          command: Commands.suppressFinding,
          title: suppression.title,
          arguments: [document.uri, diagnostic],
        };
        actions.push(action);
      }
    }
    return actions;
  }

  private actionOf(
    fix: Fix,
    document: vscode.TextDocument,
    diagnostic: vscode.Diagnostic,
    uris: ReadonlyMap<string, vscode.Uri>,
  ): vscode.CodeAction | undefined {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.preferred;
    if (fix.needs === 'imageTag') {
      action.command = {
        command: Commands.pinImageTag,
        title: fix.title,
        arguments: [document.uri, diagnostic],
      };
      return action;
    }
    const edit = workspaceEditOf(fix.edits, uris, document.uri);
    if (!edit) return undefined;
    action.edit = edit;
    return action;
  }
}
