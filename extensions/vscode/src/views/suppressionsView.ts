import * as vscode from 'vscode';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { toLine0 } from '@trivy-findings/core/model/lines.js';
import { createIgnoreFilesMatcher } from '@trivy-findings/core/ignore/ignoreFilesMatcher.js';
import { expiryTime, type IgnoreEntry } from '@trivy-findings/core/ignore/trivyIgnore.js';
import { readIgnoreFile } from '@trivy-findings/core/inputs/ignoreFileInput.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { ignoreScopeOf } from '../filters/workspaceIgnore.js';
import type { WorkspaceFindings } from '../workspaceFindings/workspaceFindings.js';

export const SUPPRESSIONS_VIEW_ID = 'trivyFindings.suppressions';
const IGNORE_GLOB = '**/{.trivyignore,.trivyignore.yaml,.trivyignore.yml}';
/** Entries that expire within this many days are flagged. */
export const EXPIRING_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

interface FileNode {
  readonly kind: 'file';
  readonly uri: vscode.Uri;
  readonly entries: readonly EntryNode[];
}
interface EntryNode {
  readonly kind: 'entry';
  readonly uri: vscode.Uri;
  readonly entry: IgnoreEntry;
  /** Current findings it suppresses. */
  readonly suppresses: number;
  readonly state: 'active' | 'expiring' | 'expired';
}
type Node = FileNode | EntryNode;

/**
 * The Suppressions view: every `.trivyignore` / `.trivyignore.yaml` of every workspace folder, each
 * entry with its statement and expiry and how many current findings it matches: the shown
 * cluster's (which any folder's root file judges) and the local ones of its own folder (which
 * trivy judged with that folder's file; another folder's entries never count them). An expired
 * entry suppresses nothing, as in Trivy, and is flagged; one expiring within 14 days too. An entry
 * opens its line. Read again when an ignore file or a folder comes, changes or goes, when the
 * findings change, and on `expired` (an entry's expiry passed).
 */
export class SuppressionsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private files: FileNode[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly view: vscode.TreeView<Node>;

  constructor(
    private readonly reader: FileReader,
    private readonly core: FindingsCore,
    private readonly findings: WorkspaceFindings,
    private readonly context: () => string | undefined,
    expired: vscode.Event<unknown>,
    private readonly now: () => Date = () => new Date(),
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(IGNORE_GLOB);
    const later = () => this.schedule();
    const sub = core.clusters.onDidChange(later);
    this.view = vscode.window.createTreeView(SUPPRESSIONS_VIEW_ID, { treeDataProvider: this });
    this.disposables.push(
      this.view,
      this.changed,
      watcher,
      watcher.onDidCreate(later),
      watcher.onDidChange(later),
      watcher.onDidDelete(later),
      findings.onDidChange(later),
      vscode.workspace.onDidChangeWorkspaceFolders(later),
      expired(later),
      { dispose: () => sub.dispose() },
    );
  }

  /** Reads the ignore files again and recounts. */
  async refresh(): Promise<void> {
    const uris = await vscode.workspace.findFiles(IGNORE_GLOB, '**/node_modules/**', 200);
    const current = this.currentFindings();
    const now = this.now();
    const files: FileNode[] = [];
    const scopeOf = ignoreScopeOf();
    for (const uri of uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      const file = (await readIgnoreFile(this.reader, { path: uri.toString() }))?.file;
      if (!file) continue;
      const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString();
      const matcher = createIgnoreFilesMatcher(
        [{ source: vscode.workspace.asRelativePath(uri), file, ...(folder ? { scope: folder } : {}) }],
        now,
        { scopeOf },
      );
      const counts = new Map<IgnoreEntry, number>();
      if (matcher)
        for (const f of current) {
          const entry = matcher.match(f);
          if (entry) counts.set(entry, (counts.get(entry) ?? 0) + 1);
        }
      files.push({
        kind: 'file',
        uri,
        entries: file.entries.map((entry) => ({
          kind: 'entry',
          uri,
          entry,
          suppresses: counts.get(entry) ?? 0,
          state: stateOf(entry, now),
        })),
      });
    }
    this.files = files;
    const expired = files.flatMap((f) => f.entries).filter((e) => e.state === 'expired').length;
    this.view.description = expired > 0 ? `${expired} expired` : undefined;
    this.changed.fire(undefined);
  }

  /** The view's rows as labels and descriptions, for tests. */
  rows(): string[] {
    return this.files.flatMap((f) => [
      vscode.workspace.asRelativePath(f.uri),
      ...f.entries.map((e) => {
        const item = this.getTreeItem(e);
        return `  ${item.label as string} — ${item.description as string}`;
      }),
    ]);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.entries.length} entries`;
      return item;
    }
    const e = node.entry;
    const what = e.id ?? [...e.paths, ...e.purls].join(', ');
    const item = new vscode.TreeItem(what, vscode.TreeItemCollapsibleState.None);
    const parts = [
      node.state === 'expired'
        ? `expired ${e.expiresAt} — suppresses nothing`
        : `suppresses ${node.suppresses}${e.expiresAt ? `, expires ${e.expiresAt}` : ''}`,
      ...(node.state === 'expiring' ? ['expires soon'] : []),
      ...(e.statement ? [e.statement] : []),
    ];
    item.description = parts.join(' · ');
    item.tooltip = e.statement ?? what;
    item.iconPath = new vscode.ThemeIcon(
      node.state === 'expired' ? 'warning' : node.state === 'expiring' ? 'clock' : 'eye-closed',
    );
    const line = toLine0(e.line);
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [node.uri, { selection: new vscode.Range(line, 0, line, 0) }],
    };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.files;
    return node.kind === 'file' ? [...node.entries] : [];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  private currentFindings(): Finding[] {
    const out = this.findings.all().flatMap((s) => s.findings);
    const context = this.context();
    const store = context === undefined ? undefined : this.core.clusters.get(context)?.store;
    if (store) out.push(...store.findings());
    return out;
  }
}

function stateOf(entry: IgnoreEntry, now: Date): EntryNode['state'] {
  const t = expiryTime(entry.expiresAt);
  if (t === undefined) return 'active';
  if (t <= now.getTime()) return 'expired';
  return t - now.getTime() <= EXPIRING_DAYS * DAY_MS ? 'expiring' : 'active';
}
