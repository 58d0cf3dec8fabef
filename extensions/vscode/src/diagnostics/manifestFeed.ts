import * as vscode from 'vscode';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import type { ManifestWorkspace } from '@trivy-findings/core/workspace/manifestWorkspace.js';
import { Settings } from '../commands.js';
import { MANIFEST_LIMIT_BYTES } from './scanDiagnostics.js';

/** Default of `trivyFindings.manifests.include`. */
export const DEFAULT_MANIFEST_GLOB = '**/*.{yaml,yml}';
/** Default of `trivyFindings.manifests.maxFiles`: a cap, so a huge monorepo costs bounded memory. */
export const DEFAULT_MANIFEST_MAX_FILES = 5000;
/** Edits and file events within this window are handed to the core as one batch. */
const DEBOUNCE_MS = 300;

/**
 * Hands the workspace's manifests to the core's {@link ManifestWorkspace} (the core never watches
 * a disk): every file of the glob at start (`node_modules` excluded, at most the configured
 * number), then the files a watcher sees created, changed or deleted, and the text of open
 * documents as it is typed (unsaved edits count). Changes are debounced into one batch.
 * The workspace's own change events say which files to re-publish.
 */
export class ManifestFeed implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly pending = new Map<string, vscode.Uri>();
  /** Files outside the glob that were handed in with {@link include}. */
  private readonly extra = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private glob = DEFAULT_MANIFEST_GLOB;
  private disposed = false;

  constructor(
    private readonly workspace: ManifestWorkspace,
    private readonly files: FileReader,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Reads every manifest of the workspace and starts following changes. */
  async start(): Promise<void> {
    const config = vscode.workspace.getConfiguration();
    this.glob = config.get<string>(Settings.manifestsInclude) || DEFAULT_MANIFEST_GLOB;
    const max = config.get<number>(Settings.manifestsMaxFiles) ?? DEFAULT_MANIFEST_MAX_FILES;
    const watcher = vscode.workspace.createFileSystemWatcher(this.glob);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.schedule(uri)),
      watcher.onDidChange((uri) => this.schedule(uri)),
      watcher.onDidDelete((uri) => this.schedule(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.scheduleDocument(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.scheduleDocument(d)),
      // Closing an edited document without saving reverts to the text on disk.
      vscode.workspace.onDidCloseTextDocument((d) => this.scheduleDocument(d)),
    );
    const found = await vscode.workspace.findFiles(this.glob, '**/node_modules/**', max + 1);
    if (found.length > max)
      this.log.warn(
        `more than ${max} files match ${this.glob}: only ${max} are read (${Settings.manifestsMaxFiles})`,
      );
    for (const uri of found.slice(0, max)) this.pending.set(keyOf(uri), uri);
    for (const doc of vscode.workspace.textDocuments)
      if (this.matches(doc)) this.pending.set(keyOf(doc.uri), doc.uri);
    await this.flush();
    this.log.info(`manifests: ${this.texts.size} files of ${this.glob} indexed`);
  }

  /**
   * Hands in files (file system paths) that the glob leaves out but findings name (a Dockerfile,
   * a lock file a local scan reported on); they are then followed like the others.
   */
  async include(paths: readonly string[]): Promise<void> {
    for (const p of paths) {
      const uri = vscode.Uri.file(p);
      const key = keyOf(uri);
      this.extra.add(key);
      if (!this.texts.has(key)) this.pending.set(key, uri);
    }
    await this.flush();
  }

  /** The text the core holds for a file (its path in the core), for columns of ranges. */
  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  /** The document of a path the core holds. */
  uri(path: string): vscode.Uri | undefined {
    return this.uris.get(path);
  }

  /** Hands every pending change to the core now (tests and the bench wait on it). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const uri of batch) {
      if (this.disposed) return;
      const path = keyOf(uri);
      const text = await this.currentText(uri);
      if (text === undefined) {
        this.texts.delete(path);
        this.uris.delete(path);
        this.workspace.remove(path);
      } else {
        this.texts.set(path, text);
        this.uris.set(path, uri);
        this.workspace.update(path, text);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private scheduleDocument(doc: vscode.TextDocument): void {
    if (this.matches(doc)) this.schedule(doc.uri);
  }

  private matches(doc: vscode.TextDocument): boolean {
    if (this.extra.has(keyOf(doc.uri))) return true;
    return (
      (doc.uri.scheme === 'file' || doc.uri.scheme === 'vscode-remote') &&
      vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined &&
      vscode.languages.match({ pattern: this.glob }, doc) > 0 &&
      !doc.uri.path.includes('/node_modules/')
    );
  }

  private schedule(uri: vscode.Uri): void {
    if (this.disposed) return;
    this.pending.set(keyOf(uri), uri);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  /** An open document's text (unsaved edits included), else the file's; `undefined` when it is gone. */
  private async currentText(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && !open.isClosed) return open.getText();
    return this.files.readText(uri.toString(), MANIFEST_LIMIT_BYTES).catch(() => undefined);
  }
}

/**
 * A file's path in the core: the file system path for local files, so that the paths local Trivy
 * scans write (relative to what they scanned) match by suffix; the URI for others.
 */
export function keyOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}
