import * as vscode from 'vscode';
import {
  expiryTime,
  readTrivyIgnore,
  type TrivyIgnoreFile,
} from '@trivy-findings/core/ignore/trivyIgnore.js';
import { WORKSPACE_IGNORE_FILES } from '@trivy-findings/core/inputs/ignoreFileInput.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';

/** Ignore files larger than this are not read (Trivy's own are a few lines). */
const LIMIT_BYTES = 1024 * 1024;
/** Timers longer than this are not set (Node's limit is about 24.8 days); the wait is taken in steps. */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

/** The workspace's ignore file as last read from disk. */
export interface IgnoreFileRead {
  readonly uri: vscode.Uri;
  readonly file: TrivyIgnoreFile;
}

/**
 * The ignore file of the workspace: `.trivyignore.yaml`, else `.trivyignore`, at the root of the
 * first workspace folder — the file local scans pass to `trivy --ignorefile`, so the cluster's
 * findings are judged by the same entries as the local ones. Read as saved (Trivy reads the disk),
 * again when either file is created, changed or deleted, and on {@link reload} (after a quick fix
 * wrote it). Fires when what it holds changed, and again when one of its entries expires, so
 * what the entry suppressed is judged again (an expired entry suppresses nothing, as in Trivy).
 */
export class WorkspaceIgnore implements vscode.Disposable {
  private current: IgnoreFileRead | undefined;
  private currentText: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<IgnoreFileRead | undefined>();
  readonly onDidChange = this.emitter.event;
  private reading: Promise<void> = Promise.resolve();
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly files: FileReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(folder, `{${WORKSPACE_IGNORE_FILES.join(',')}}`),
      );
      const later = () => void this.reload();
      this.disposables.push(
        watcher,
        watcher.onDidCreate(later),
        watcher.onDidChange(later),
        watcher.onDidDelete(later),
      );
    }
    this.disposables.push(this.emitter);
  }

  /** The ignore file in force, or `undefined` when the workspace has none (or it could not be read). */
  get read(): IgnoreFileRead | undefined {
    return this.current;
  }

  /** Reads the file again; settles once read (reads run one at a time, so the last one wins). */
  reload(): Promise<void> {
    this.reading = this.reading.then(() => this.readNow());
    return this.reading;
  }

  dispose(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    for (const d of this.disposables) d.dispose();
  }

  /** Fires again at the next moment one of the entries stops applying. */
  private scheduleExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const now = Date.now();
    const next = Math.min(
      ...(this.current?.file.entries ?? [])
        .map((e) => expiryTime(e.expiresAt))
        .filter((t): t is number => t !== undefined && t > now),
    );
    if (!Number.isFinite(next)) return;
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
    const found = await this.find();
    const text = found?.text;
    if (text === this.currentText && found?.uri.toString() === this.current?.uri.toString()) return;
    this.currentText = text;
    if (!found) this.current = undefined;
    else {
      const read = readTrivyIgnore(found.text, found.uri.fsPath);
      for (const p of read.problems) this.log.warn(`${found.uri.fsPath}:${p.line ?? 1}: ${p.message}`);
      this.current = { uri: found.uri, file: read.value };
    }
    this.scheduleExpiry();
    this.emitter.fire(this.current);
  }

  private async find(): Promise<{ uri: vscode.Uri; text: string } | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    for (const name of WORKSPACE_IGNORE_FILES) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      const info = await this.files.stat(uri.toString()).catch(() => undefined);
      if (!info || info.isDirectory) continue;
      try {
        return { uri, text: await this.files.readText(uri.toString(), LIMIT_BYTES) };
      } catch (err) {
        this.log.warn(`${name}: ${(err as Error).message}; nothing suppressed by it`);
        return undefined;
      }
    }
    return undefined;
  }
}
