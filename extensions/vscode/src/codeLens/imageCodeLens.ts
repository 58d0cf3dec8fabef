import * as vscode from 'vscode';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { toLine0 } from '@trivy-findings/core/model/lines.js';
import { Commands } from '../commands.js';
import { keyOf } from '../diagnostics/manifestFeed.js';
import { isClusterFinding } from '../diagnostics/workspaceDiagnostics.js';
import type { FilterState } from '../filters/filterState.js';
import { registerCommand } from '../registerCommand.js';
import { artifactRef, lensTitle, normaliseImage } from './imageCounts.js';

// `image: ref` as a mapping entry or the first key of a sequence item; the value may be quoted.
const IMAGE_LINE = /^\s*(?:-\s+)?image:\s*["']?([^\s"'#]+)/;

/**
 * A CodeLens on every `image:` line of a workspace manifest: the shown cluster's vulnerabilities of
 * that image — those the core placed on the line (the workload's container, by the digest the
 * cluster's report names), else those of the cluster's reports about the same image reference —
 * as "3 critical, 12 high · 9 fixable", counting only what the filters show. Clicking lists them.
 */
export class ImageCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly core: FindingsCore,
    private readonly context: () => string | undefined,
    private readonly filters: Pick<FilterState, 'matches' | 'onDidChange' | 'description'>,
  ) {
    const sub = core.workspace.onDidChange(() => this.changed.fire());
    this.disposables.push(
      { dispose: () => sub.dispose() },
      filters.onDidChange(() => this.changed.fire()),
      this.changed,
      vscode.languages.registerCodeLensProvider({ language: 'yaml' }, this),
      registerCommand(Commands.showImageFindings, (image, document, line) =>
        showFindings(image, this.findingsOf(vscode.Uri.parse(document, true), line, image)),
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

  /** The vulnerabilities the core placed on the line, else the cluster's of the same image reference. */
  private findingsOf(document: vscode.Uri, line: number, image: string): Finding[] {
    const context = this.context();
    if (context === undefined) return [];
    const placed = this.core.workspace
      .placements(keyOf(document))
      .filter(
        (p) =>
          p.finding.type === 'vulnerability' &&
          isClusterFinding(p.finding) &&
          toLine0(p.range.startLine) === line &&
          this.filters.matches(p.finding),
      )
      .map((p) => p.finding);
    return placed.length > 0 ? placed : this.byReference(context, image);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The cluster's vulnerabilities of the images its reports name by this reference. */
  private byReference(context: string, image: string): Finding[] {
    const store = this.core.clusters.get(context)?.store;
    if (!store) return [];
    const wanted = normaliseImage(image);
    return store
      .images()
      .filter((i) => i.artifact && normaliseImage(artifactRef(i.artifact)) === wanted)
      .flatMap((i) => store.findingsForImage(i.digest))
      .filter((f) => f.type === 'vulnerability' && this.filters.matches(f));
  }
}

async function showFindings(image: string, findings: readonly Finding[]): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    findings.map((f) => ({
      label: `${f.severity} ${f.id}`,
      description: f.package ? `${f.package.name} ${f.package.installedVersion ?? ''}` : '',
      detail: f.package?.fixedVersion ? `fixed in ${f.package.fixedVersion} — ${f.title}` : f.title,
      finding: f,
    })),
    {
      title: `${image}: ${findings.length} vulnerabilities in the cluster`,
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  const url = picked?.finding.primaryUrl;
  if (url && /^https?:\/\//i.test(url)) await vscode.env.openExternal(vscode.Uri.parse(url));
}
