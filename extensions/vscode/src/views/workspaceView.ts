import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { toLine0 } from '@trivy-findings/core/model/lines.js';
import { compareSeverity, SEVERITIES, type Severity } from '@trivy-findings/core/model/severity.js';
import { Commands } from '../commands.js';
import type { FilterState } from '../filters/filterState.js';
import { registerCommand } from '../registerCommand.js';
import type { WorkspaceFindings } from '../workspaceFindings/workspaceFindings.js';

/** The group of findings that point at no file. */
const NO_FILE = '(no file)';

export const WORKSPACE_VIEW_ID = 'trivyFindings.workspace';
export const GROUPINGS = ['file', 'severity', 'rule'] as const;
export type Grouping = (typeof GROUPINGS)[number];
const GROUPING_STATE = 'trivyFindings.workspace.groupBy';
const UNTRUSTED_MESSAGE =
  'This workspace is not trusted, so Trivy does not run here: only opened scan files are listed.';

type Node =
  | { readonly kind: 'group'; readonly label: string; readonly findings: readonly Located[] }
  | { readonly kind: 'finding'; readonly item: Located };

/** A finding with the file it is in (absolute when a local scan found it, as the report says otherwise). */
interface Located {
  readonly finding: Finding;
  readonly file?: string;
}

/**
 * The Workspace view: the findings of local scans and opened scan files, grouped by file,
 * severity or rule (a toggle in the view title, kept per workspace); the badge counts them and
 * the description gives the counts by severity (after what the filters say, when they hide
 * anything). Only the findings the filters show are listed; suppressed ones, when shown, say so.
 * A finding opens its location.
 */
export class WorkspaceView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private grouping: Grouping;

  constructor(
    private readonly findings: WorkspaceFindings,
    private readonly state: vscode.Memento,
    private readonly filters: Pick<FilterState, 'matches' | 'description' | 'onDidChange'>,
  ) {
    this.grouping = (state.get<Grouping>(GROUPING_STATE) as Grouping | undefined) ?? 'file';
    this.view = vscode.window.createTreeView(WORKSPACE_VIEW_ID, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    this.disposables.push(
      this.view,
      this.changed,
      findings.onDidChange(() => this.refresh()),
      filters.onDidChange(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
      registerCommand(Commands.workspaceGroupBy, async (grouping) => {
        const next =
          grouping ??
          ((await vscode.window.showQuickPick([...GROUPINGS], {
            title: 'Group the workspace findings by',
          })) as Grouping | undefined);
        if (next) await this.groupBy(next);
      }),
    );
    this.refresh();
  }

  get groupedBy(): Grouping {
    return this.grouping;
  }

  async groupBy(grouping: Grouping): Promise<void> {
    this.grouping = grouping;
    await this.state.update(GROUPING_STATE, grouping);
    this.refresh();
  }

  /** The view's rows as a person reads them (group labels, then findings): for tests. */
  rows(): string[] {
    return this.groups().flatMap((g) => [
      this.groupLabel(g.label),
      ...g.findings.map((f) => `  ${this.findingItem(f).label as string}`),
    ]);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'finding') return this.findingItem(node.item);
    const item = new vscode.TreeItem(this.groupLabel(node.label), vscode.TreeItemCollapsibleState.Expanded);
    item.description = countsText(node.findings.map((f) => f.finding));
    if (this.grouping === 'file' && node.label !== NO_FILE) item.resourceUri = vscode.Uri.file(node.label);
    return item;
  }

  /** A file group reads as the path in the workspace (as the Problems panel and the explorer do). */
  private groupLabel(label: string): string {
    return this.grouping === 'file' && label !== NO_FILE ? vscode.workspace.asRelativePath(label) : label;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups();
    if (node.kind === 'group') return node.findings.map((item) => ({ kind: 'finding', item }));
    return [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private refresh(): void {
    const all = this.located().map((l) => l.finding);
    this.view.badge = all.length > 0 ? { value: all.length, tooltip: `${all.length} findings` } : undefined;
    this.view.description =
      [this.filters.description, countsText(all)].filter((part) => part !== '').join(' · ') || undefined;
    // An empty view's welcome says it already (package.json `viewsWelcome`); a view with the
    // findings of opened scan files says it above them, or a person would wonder why no scan ran.
    this.view.message = !vscode.workspace.isTrusted && all.length > 0 ? UNTRUSTED_MESSAGE : undefined;
    this.changed.fire(undefined);
  }

  private located(): Located[] {
    return this.findings
      .all()
      .flatMap((s) =>
        s.findings
          .filter((f) => this.filters.matches(f))
          .map((finding) => ({ finding, file: finding.location?.path })),
      );
  }

  private groups(): Extract<Node, { kind: 'group' }>[] {
    const byKey = new Map<string, Located[]>();
    for (const l of this.located()) {
      const key =
        this.grouping === 'file'
          ? (l.file ?? NO_FILE)
          : this.grouping === 'severity'
            ? l.finding.severity
            : l.finding.id;
      const list = byKey.get(key);
      if (list) list.push(l);
      else byKey.set(key, [l]);
    }
    const groups = [...byKey].map(([label, findings]) => ({
      kind: 'group' as const,
      label,
      findings: findings.sort((a, b) => compareSeverity(a.finding.severity, b.finding.severity)),
    }));
    if (this.grouping === 'severity')
      return groups.sort((a, b) => compareSeverity(a.label as Severity, b.label as Severity));
    return groups.sort((a, b) => a.label.localeCompare(b.label));
  }

  private findingItem(l: Located): vscode.TreeItem {
    const f = l.finding;
    const label = `${f.id}: ${f.title}${f.suppressed ? ' (suppressed)' : ''}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.description = this.grouping === 'file' ? f.severity : l.file ? path.basename(l.file) : '';
    item.tooltip = f.message ?? f.title;
    if (l.file && path.isAbsolute(l.file)) {
      const line = f.location ? toLine0(f.location.startLine) : 0;
      item.command = {
        command: 'vscode.open',
        title: 'Open',
        arguments: [vscode.Uri.file(l.file), { selection: new vscode.Range(line, 0, line, 0) }],
      };
    }
    return item;
  }
}

/** "2 critical, 5 high, 1 medium": the severities present, most severe first. */
export function countsText(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return SEVERITIES.filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s.toLowerCase()}`)
    .join(', ');
}
