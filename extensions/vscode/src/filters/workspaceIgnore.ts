import * as vscode from 'vscode';
import { SUPPRESS_FILE_NAME } from '@trivy-findings/core/fixes/suppressFix.js';
import type { SourcedIgnoreFile } from '@trivy-findings/core/ignore/ignoreFilesMatcher.js';
import { nextIgnoreExpiry } from '@trivy-findings/core/ignore/ignoreFilesMatcher.js';
import type { TrivyIgnoreFile } from '@trivy-findings/core/ignore/trivyIgnore.js';
import { readIgnoreFile, WORKSPACE_IGNORE_FILES } from '@trivy-findings/core/inputs/ignoreFileInput.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';

/** Timers longer than this are not set (Node's limit is about 24.8 days); the wait is taken in steps. */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

/** One workspace folder's root ignore file as last read from disk. */
export interface FolderIgnoreRead {
  readonly folder: vscode.WorkspaceFolder;
  readonly uri: vscode.Uri;
  /** How a person is told which file it is: workspace-relative, with the folder's name in a multi-root workspace. */
  readonly source: string;
  readonly file: TrivyIgnoreFile;
}

/**
 * The root ignore files of every workspace folder: in each, `.trivyignore.yaml`, else
 * `.trivyignore` (`WORKSPACE_IGNORE_FILES`) — the file that folder's local scans pass to
 * `trivy --ignorefile`. What they judge (`createIgnoreFilesMatcher` in the core):
 *  - a cluster finding is suppressed when an entry in force in ANY folder's file matches it: the
 *    cluster is one, whichever folder it is looked at from. The first folder's file wins when
 *    several match, and the mark names the entry and its file ({@link FolderIgnoreRead.source});
 *  - a local finding (a local scan's, a scan file's) stays judged by its own folder's file only,
 *    as trivy judged it ({@link ignoreScopeOf}).
 * Each file is read through the core's ignore-file reader (its size limit; its problems logged),
 * as saved (Trivy reads the disk), again when a folder's file is created, changed or deleted,
 * when folders are added or removed, and on {@link reload} (after a quick fix wrote one). Fires
 * when what they hold changed, and again when an entry of any of them expires, so what it
 * suppressed is judged again (an expired entry suppresses nothing, as in Trivy).
 */
export class WorkspaceIgnore implements vscode.Disposable {
  private current: readonly FolderIgnoreRead[] = [];
  /** What was read, per folder, to tell a read that changed nothing. */
  private currentKey = '';
  private readonly disposables: vscode.Disposable[] = [];
  /** One watcher per folder, by folder URI. */
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly emitter = new vscode.EventEmitter<readonly FolderIgnoreRead[]>();
  readonly onDidChange = this.emitter.event;
  private reading: Promise<void> = Promise.resolve();
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly files: FileReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watchFolders();
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchFolders();
        void this.reload();
      }),
    );
  }

  /** The ignore files in force, one per folder that has one, in the folders' order. */
  get reads(): readonly FolderIgnoreRead[] {
    return this.current;
  }

  /**
   * The file a suppression of a finding on this document goes to, and its name: the root ignore
   * file in force of the workspace folder that holds the document (the first folder's for a
   * document of none), so a folder that keeps a plain `.trivyignore` gets the entry there (a new
   * `.trivyignore.yaml` would take its place, and its entries would stop applying);
   * `.trivyignore.yaml` when it has none. `undefined` when the workspace has no folder.
   */
  fileFor(document: vscode.Uri): { readonly uri: vscode.Uri; readonly name: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(document) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const inForce = this.current.find((r) => r.folder.uri.toString() === folder.uri.toString());
    const uri = inForce?.uri ?? vscode.Uri.joinPath(folder.uri, SUPPRESS_FILE_NAME);
    return { uri, name: uri.path.slice(uri.path.lastIndexOf('/') + 1) };
  }

  /** The files as the core's matcher takes them, each scoped to its folder. */
  get sourced(): SourcedIgnoreFile[] {
    return this.current.map((r) => ({ source: r.source, file: r.file, scope: r.folder.uri.toString() }));
  }

  /** Reads the files again; settles once read (reads run one at a time, so the last one wins). */
  reload(): Promise<void> {
    this.reading = this.reading.then(() => this.readNow());
    return this.reading;
  }

  dispose(): void {
    this.disposed = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    for (const d of this.disposables) d.dispose();
  }

  /** A watcher on each folder's root ignore files; those of removed folders are let go. */
  private watchFolders(): void {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const keys = new Set(folders.map((f) => f.uri.toString()));
    for (const [key, watcher] of this.watchers)
      if (!keys.has(key)) {
        watcher.dispose();
        this.watchers.delete(key);
      }
    for (const folder of folders) {
      const key = folder.uri.toString();
      if (this.watchers.has(key)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(folder, `{${WORKSPACE_IGNORE_FILES.join(',')}}`),
      );
      const later = () => void this.reload();
      this.watchers.set(
        key,
        vscode.Disposable.from(
          watcher,
          watcher.onDidCreate(later),
          watcher.onDidChange(later),
          watcher.onDidDelete(later),
        ),
      );
    }
  }

  /** Fires again at the next moment an entry of any file stops applying. */
  private scheduleExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const now = Date.now();
    const next = nextIgnoreExpiry(
      this.current.map((r) => r.file),
      new Date(now),
    );
    if (next === undefined || this.disposed) return;
    // Just past the expiry: the matcher drops an entry once its time has passed.
    const wait = next - now + 1000;
    this.expiryTimer = setTimeout(
      () => {
        this.expiryTimer = undefined;
        if (Date.now() >= next) this.emitter.fire(this.current);
        this.scheduleExpiry();
      },
      Math.min(wait, MAX_TIMER_MS),
    );
  }

  private async readNow(): Promise<void> {
    if (this.disposed) return;
    const reads: FolderIgnoreRead[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const read = await this.readFolder(folder);
      if (read) reads.push(read);
    }
    // The folders too: a folder added or removed changes which folder a local finding is of.
    const key = JSON.stringify([
      (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()),
      reads.map((r) => [r.uri.toString(), r.source, r.file]),
    ]);
    if (key === this.currentKey || this.disposed) return;
    this.currentKey = key;
    this.current = reads;
    this.scheduleExpiry();
    this.emitter.fire(this.current);
  }

  /** The folder's root ignore file through the core's reader; `undefined` when it has none or it cannot be read. */
  private async readFolder(folder: vscode.WorkspaceFolder): Promise<FolderIgnoreRead | undefined> {
    const read = await readIgnoreFile(this.files, {
      defaultsIn: folder.uri.toString(),
      names: WORKSPACE_IGNORE_FILES,
    });
    if (!read) return undefined;
    const uri = vscode.Uri.parse(read.path, true);
    for (const p of read.problems) {
      const where = `${uri.fsPath}:${p.line ?? 1}`;
      if (p.level === 'error') this.log.error(`${where}: ${p.message}`);
      else this.log.warn(`${where}: ${p.message}`);
    }
    if (!read.file) {
      this.log.warn(`${vscode.workspace.asRelativePath(uri)}: nothing suppressed by it`);
      return undefined;
    }
    return { folder, uri, source: vscode.workspace.asRelativePath(uri), file: read.file };
  }
}

/**
 * The scope a finding is judged in (see `createIgnoreFilesMatcher`): a live cluster's finding
 * (read from a report object, from no file) has none, so every folder's file judges it; any other
 * (a local scan's, its location made absolute; a scan file's) is its folder's, by its location
 * or the file it was read from, so only that folder's file judges it, as trivy did. A finding of
 * no folder has none.
 */
export function ignoreScopeOf(): (finding: Finding) => string | undefined {
  // Findings of one file share their paths: each path is looked up once per matcher.
  const folders = new Map<string, string | undefined>();
  return (finding) => {
    if (finding.origin.report && finding.origin.file === undefined) return undefined;
    for (const path of [finding.location?.path, finding.origin.file]) {
      if (path === undefined) continue;
      if (!folders.has(path)) folders.set(path, folderOf(path));
      const scope = folders.get(path);
      if (scope !== undefined) return scope;
    }
    return undefined;
  };
}

/** The URI of the workspace folder holding an absolute path or URI string; `undefined` for a relative path. */
function folderOf(path: string): string | undefined {
  let uri: vscode.Uri | undefined;
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(path)) uri = vscode.Uri.parse(path, true);
  else if (path.startsWith('/') || /^[a-z]:[\\/]/i.test(path)) uri = vscode.Uri.file(path);
  return uri ? vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() : undefined;
}
