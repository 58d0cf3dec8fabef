import * as vscode from 'vscode';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { Commands } from '../commands.js';
import type { FilterState } from '../filters/filterState.js';
import type { FindingSetQuery } from '../findingSets/findingSetQuery.js';
import { registerCommand } from '../registerCommand.js';
import { imageFindings } from './imageFindings.js';
import { lensTitle } from './imageCounts.js';

// `image: ref` as a mapping entry or the first key of a sequence item; the value may be quoted.
const IMAGE_LINE = /^\s*(?:-\s+)?image:\s*["']?([^\s"'#]+)/;

/**
 * A CodeLens on every `image:` line of a workspace manifest: the shown cluster's vulnerabilities of
 * that image — those the core placed on the line (the workload's container, by the digest the
 * cluster's report names), else those of the cluster's reports about the same image reference —
 * as "3 critical, 12 high · 9 fixable", counting only what the filters show. Clicking opens them
 * in the scan viewer.
 */
export class ImageCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly core: FindingsCore,
    private readonly context: () => string | undefined,
    private readonly filters: Pick<FilterState, 'matches' | 'ignore' | 'onDidChange' | 'description'>,
  ) {
    const sub = core.workspace.onDidChange(() => this.changed.fire());
    this.disposables.push(
      { dispose: () => sub.dispose() },
      filters.onDidChange(() => this.changed.fire()),
      this.changed,
      vscode.languages.registerCodeLensProvider({ language: 'yaml' }, this),
      registerCommand(Commands.showImageFindings, (image, document, line) =>
        showFindings(this.context(), image, document, line),
      ),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const context = this.context();
    if (context === undefined) return [];
    const lenses: vscode.CodeLens[] = [];
    for (let line = 0; line < document.lineCount; line++) {
      const m = IMAGE_LINE.exec(document.lineAt(line).text);
      if (!m) continue;
      const image = m[1]!;
      const findings = this.findingsOf(document.uri, line, image);
      // Arguments are plain data: VS Code passes them through the renderer and back.
      lenses.push(
        new vscode.CodeLens(document.lineAt(line).range, {
          title:
            findings.length > 0
              ? lensTitle(findings)
              : `no vulnerabilities in ${context}${this.filters.description ? ' (filtered)' : ''}`,
          command: Commands.showImageFindings,
          arguments: [image, document.uri.toString(), line],
        }),
      );
    }
    return lenses;
  }

  /** What the lens counts: `imageFindings`, the same function the viewer it opens lists. */
  private findingsOf(document: vscode.Uri, line: number, image: string): Finding[] {
    const context = this.context();
    return context === undefined
      ? []
      : imageFindings(this.core, context, document, line, image, this.filters.matches, this.filters.ignore);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Opens the image's vulnerabilities in the scan viewer: a finding set (`findingSets/`) of exactly
 * what the lens counts, so the rows are the lens's numbers.
 */
async function showFindings(
  context: string | undefined,
  image: string,
  document: string,
  line: number,
): Promise<void> {
  if (context === undefined) {
    void vscode.window.showInformationMessage('Trivy Findings: no cluster is shown.');
    return;
  }
  const query: FindingSetQuery = { context, scope: { kind: 'image', image, document, line } };
  await vscode.commands.executeCommand(Commands.openFindingSet, query);
}
