import * as vscode from 'vscode';
import { DEFAULT_FILE_LIMIT_BYTES, type FileReader } from '@trivy-findings/core/ports/fileReader.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { readSourceText, type SourceRead } from '@trivy-findings/core/readers/readSource.js';
import type { WorkloadRef } from '@trivy-findings/core/model/workloadRef.js';
import { offlineWorkloads } from '@trivy-findings/core/workloads/offlineWorkloads.js';
import type { Placement, ScanDiagnostics } from '../diagnostics/scanDiagnostics.js';
import type { WorkspaceFindings } from '../workspaceFindings/workspaceFindings.js';

/** One read of a scan file, with what the extension made of it. */
export interface ScanRead {
  readonly uri: vscode.Uri;
  /** The file as the workspace names it (`scans/image.json`), in messages and in the findings' origin. */
  readonly name: string;
  /** What the core read; a file that could not be read at all has format `unknown` and one error. */
  readonly read: SourceRead;
  /** The workload of each finding, tied as the live cluster ties them (`offlineWorkloads`). */
  readonly workloadOf: (finding: Finding) => WorkloadRef | undefined;
  /** Why the file could not be read at all (missing, a directory, over the size limit). */
  readonly failure?: string;
  /** The diagnostics published for its findings. */
  readonly placement: Placement;
}

/** A holder's view of one scan file (see {@link ScanReads.acquire}). */
export interface ScanHandle extends vscode.Disposable {
  readonly uri: vscode.Uri;
  /** The current read, shared with the file's other holders; read again after the file changed. */
  load(): Promise<ScanRead>;
  /** Fires when the file changed or was deleted on disk: `load()` reads it again. */
  readonly onDidChange: vscode.Event<void>;
}

/** What reading needs from the extension. */
export interface ScanReadsDeps {
  readonly files: FileReader;
  readonly diagnostics: ScanDiagnostics;
  /** Where the Workspace view finds each read's findings. */
  readonly workspaceFindings?: WorkspaceFindings;
}

interface Entry {
  read: Promise<ScanRead> | undefined;
  holders: number;
  readonly changed: vscode.EventEmitter<void>;
  readonly watcher: vscode.FileSystemWatcher;
}

/**
 * The scan files the extension has open: each is read once for the "Open Scan File" command and
 * every viewer of it, its findings published as diagnostics once per read (`ScanDiagnostics`), and
 * read again when it changes on disk. A read is kept while someone holds the file; the last
 * `dispose()` of a handle drops it, so closed viewers keep no findings in memory.
 */
export class ScanReads implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: ScanReadsDeps) {}

  /** Holds `uri` until the handle is disposed. */
  acquire(uri: vscode.Uri): ScanHandle {
    const key = uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.watch(uri);
      this.entries.set(key, entry);
    }
    entry.holders++;
    const held = entry;
    let released = false;
    return {
      uri,
      load: () => (held.read ??= this.read(uri)),
      onDidChange: held.changed.event,
      dispose: () => {
        if (released) return;
        released = true;
        if (--held.holders === 0) this.drop(key, held);
      },
    };
  }

  dispose(): void {
    for (const [key, entry] of this.entries) this.drop(key, entry);
  }

  private watch(uri: vscode.Uri): Entry {
    const folder = vscode.Uri.joinPath(uri, '..');
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    // A pattern relative to the file's folder watches files outside the workspace too.
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(folder, escapeGlob(name)),
    );
    const entry: Entry = { read: undefined, holders: 0, changed: new vscode.EventEmitter<void>(), watcher };
    const changed = () => {
      entry.read = undefined;
      entry.changed.fire();
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    return entry;
  }

  private drop(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.watcher.dispose();
    entry.changed.dispose();
    entry.read = undefined;
  }

  private async read(uri: vscode.Uri): Promise<ScanRead> {
    const name = vscode.workspace.asRelativePath(uri, true);
    let read: SourceRead;
    let failure: string | undefined;
    try {
      const text = await this.deps.files.readText(uri.toString(), DEFAULT_FILE_LIMIT_BYTES);
      // Passed checks too: the viewer shows them on request, as the CLI's --all does.
      read = readSourceText(text, name, { includePassed: true });
    } catch (err) {
      failure = (err as Error).message;
      read = {
        path: name,
        format: 'unknown',
        findings: [],
        problems: [{ level: 'error', message: failure, source: name }],
      };
    }
    const workloads = offlineWorkloads([read]);
    // Diagnostics show what the CLI shows without --all: no passed checks.
    const placement = await this.deps.diagnostics.show(
      uri,
      read.findings.filter((f) => f.outcome !== 'pass' && f.outcome !== 'skip'),
    );
    this.deps.workspaceFindings?.set({
      key: `scan:${uri.toString()}`,
      label: name,
      kind: 'scanFile',
      findings: read.findings.filter((f) => f.outcome !== 'pass' && f.outcome !== 'skip'),
    });
    return { uri, name, read, workloadOf: workloads.workloadOf, placement, ...(failure ? { failure } : {}) };
  }
}

/** A file name as a glob that matches only itself. */
function escapeGlob(name: string): string {
  return name.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}
