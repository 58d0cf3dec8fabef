import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FindingsCore } from '@trivy-findings/core/host/findingsCore.js';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { WORKSPACE_IGNORE_FILES } from '@trivy-findings/core/inputs/ignoreFileInput.js';
import { TrivyNotFoundError } from '@trivy-findings/core/ports/trivyRunner.js';
import { line1 } from '@trivy-findings/core/model/lines.js';
import { checkedExtraArgs, TrivyArgsError } from '@trivy-findings/core/trivy/trivyArgs.js';
import { ContextKeys, Settings } from '../commands.js';
import { trivyExtraArgs } from '../settings.js';
import type { WorkspaceFindings } from '../workspaceFindings/workspaceFindings.js';
import { scanTargetOf, type ScanTarget } from './scanTargets.js';

/** Saves within this window start one scan. */
const DEBOUNCE_MS = 400;
/** The workspace's set keys of local scans: `local:` + the target. */
const SET_PREFIX = 'local:';
const INSTALL_URL = 'https://trivy.dev/latest/getting-started/installation/';

/**
 * Local Trivy scans on open and save (`trivyFindings.scanOnSave`): Kubernetes YAML and Dockerfiles
 * with `trivy config`, a Helm chart's files with `trivy config` of the chart, lock files with
 * `trivy fs` of their folder. Debounced; one run per target at a time (the core's `scans` cancel an
 * older run of the same target); progress in the status bar. A scan's findings replace that
 * target's in the core's manifest workspace, whose placements the workspace diagnostics publish.
 * No `trivy`: one message per session and the `noTrivy` context key, never a stack of errors.
 * Untrusted workspace: nothing runs (`untrusted` context key) until trust is granted.
 */
export class LocalScanner implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly scanned = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly doneEmitter = new vscode.EventEmitter<ScanOutcome>();
  /** Fires when a scan ended, however it ended (after its findings were handed to the workspace). */
  readonly onDidScan = this.doneEmitter.event;
  private toldNoTrivy = false;
  private noTrivyMessages = 0;
  private toldUntrusted = false;
  /** The refused-arguments message last shown, so a bad setting is said once, not on every save. */
  private toldBadArgs: string | undefined;

  constructor(
    private readonly core: FindingsCore,
    private readonly log: vscode.LogOutputChannel,
    /** Hands files the findings name to the core's workspace when it does not hold them yet (a Dockerfile, a lock file). */
    private readonly include: (paths: readonly string[]) => Promise<void>,
    /** Where the Workspace view finds local results. */
    private readonly results: WorkspaceFindings,
  ) {
    void vscode.commands.executeCommand('setContext', ContextKeys.untrusted, !vscode.workspace.isTrusted);
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((d) => this.onDocument(d)),
      vscode.workspace.onDidOpenTextDocument((d) => this.onDocument(d)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => this.forget(f.fsPath))),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        void vscode.commands.executeCommand('setContext', ContextKeys.untrusted, false);
        for (const d of vscode.workspace.textDocuments) this.onDocument(d);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(Settings.scanOnSave) && !this.enabled()) this.clear();
        if (e.affectsConfiguration(Settings.trivyPath)) this.toldNoTrivy = false;
        if (e.affectsConfiguration(Settings.trivyExtraArgs)) this.toldBadArgs = undefined;
      }),
    );
  }

  /** Scans what is open now (at start). */
  scanOpenDocuments(): void {
    for (const d of vscode.workspace.textDocuments) this.onDocument(d);
  }

  /**
   * Scans `uri` (a file: its target; a folder: `trivy config` and `trivy fs` of it) now, with a
   * cancellable notification. Resolves when the scan ended, however it ended.
   */
  async scanNow(uri: vscode.Uri, title?: string): Promise<void> {
    const targets: ScanTarget[] = [];
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    if (stat && stat.type & vscode.FileType.Directory) {
      targets.push({ scan: 'config', target: uri.fsPath, folder: true });
      targets.push({ scan: 'fs', target: uri.fsPath, folder: true });
    } else {
      const target = this.targetOf(uri);
      if (target) targets.push(target);
    }
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: title ?? `Trivy: scanning ${vscode.workspace.asRelativePath(uri)}`,
        cancellable: true,
      },
      async (_progress, token) => {
        const stop = new AbortController();
        token.onCancellationRequested(() => stop.abort());
        for (const t of targets) if (!stop.signal.aborted) await this.run(t, stop.signal);
      },
    );
  }

  /** How many times this session said that `trivy` is missing (once per path setting). */
  get noTrivyMessageCount(): number {
    return this.noTrivyMessages;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.doneEmitter.dispose();
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration().get<boolean>(Settings.scanOnSave) ?? true;
  }

  private onDocument(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || !this.enabled()) return;
    const target = this.targetOf(doc.uri);
    if (!target) return;
    const key = `${target.scan} ${target.target}`;
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Trivy: ${path.basename(target.target)}` },
          () => this.run(target),
        );
      }, DEBOUNCE_MS),
    );
  }

  private targetOf(uri: vscode.Uri): ScanTarget | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    return scanTargetOf(uri.fsPath, folder.uri.fsPath, (dir) => existsSync(path.join(dir, 'Chart.yaml')));
  }

  /** Runs one scan and hands its findings to the workspace; never rejects. */
  private async run(target: ScanTarget, signal?: AbortSignal): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      if (!this.toldUntrusted) this.log.info('the workspace is not trusted: no local trivy runs until it is');
      this.toldUntrusted = true;
      return this.doneEmitter.fire({ target: target.target, outcome: 'untrusted' });
    }
    const config = vscode.workspace.getConfiguration();
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(target.target));
    const cacheDir = config.get<string>(Settings.cacheDir);
    let extraArgs: string[];
    try {
      extraArgs = checkedExtraArgs(trivyExtraArgs());
    } catch (err) {
      if (!(err instanceof TrivyArgsError)) throw err;
      this.badArgs(err);
      return this.doneEmitter.fire({ target: target.target, outcome: 'failed' });
    }
    try {
      // No --severity or --ignore-unfixed from the filters: trivy runs unfiltered and the filters
      // (filters/filterState.ts) judge what it found. A filter change then shows its result at
      // once without a new run, and a finding trivy hid could not come back when the filter is
      // widened — the views, counts and diagnostics would disagree until the next scan.
      const result = await this.core.scans.run({
        scan: target.scan,
        target: target.target,
        cwd: folder?.uri.fsPath,
        signal,
        ignoreFile: folder ? ignoreFileIn(folder.uri.fsPath) : undefined,
        skipDbUpdate: config.get<boolean>(Settings.skipDbUpdate) || undefined,
        skipCheckUpdate: config.get<boolean>(Settings.skipCheckUpdate) || undefined,
        offline: config.get<boolean>(Settings.offlineScan) || undefined,
        ...(cacheDir ? { cacheDir } : {}),
        extraArgs,
      });
      this.log.info(`trivy ${result.args.join(' ')}: ${result.findings.length} findings`);
      for (const p of result.problems) this.log.warn(`${p.source}: ${p.message}`);
      void vscode.commands.executeCommand('setContext', ContextKeys.noTrivy, false);
      const findings = result.findings.map((f) => anchored(f, target));
      await this.include([...new Set(findings.flatMap((f) => (f.location ? [f.location.path] : [])))]);
      this.scanned.add(target.target);
      this.core.workspace.setFindings([{ key: SET_PREFIX + target.target, findings }]);
      this.results.set({
        key: SET_PREFIX + target.target,
        label: `trivy ${target.scan} ${vscode.workspace.asRelativePath(target.target)}`,
        kind: 'local',
        findings,
      });
      this.doneEmitter.fire({ target: target.target, outcome: 'findings', findings: findings.length });
    } catch (err) {
      if ((err as Error).name === 'AbortError')
        return this.doneEmitter.fire({ target: target.target, outcome: 'cancelled' });
      if (err instanceof TrivyNotFoundError) this.noTrivy(err);
      else this.log.error(`trivy ${target.scan} ${target.target}: ${(err as Error).message}`);
      this.doneEmitter.fire({
        target: target.target,
        outcome: err instanceof TrivyNotFoundError ? 'no-trivy' : 'failed',
      });
    }
  }

  /** The extra arguments setting was refused: logged each time, said once until the setting changes. */
  private badArgs(err: TrivyArgsError): void {
    this.log.error(`${Settings.trivyExtraArgs}: ${err.message}`);
    if (this.toldBadArgs === err.message) return;
    this.toldBadArgs = err.message;
    void vscode.window
      .showWarningMessage(`Trivy was not run: ${err.message} (${Settings.trivyExtraArgs}).`, 'Open Settings')
      .then((choice) => {
        if (choice === 'Open Settings')
          void vscode.commands.executeCommand('workbench.action.openSettings', Settings.trivyExtraArgs);
      });
  }

  private noTrivy(err: TrivyNotFoundError): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.noTrivy, true);
    this.log.warn(err.message);
    if (this.toldNoTrivy) return;
    this.toldNoTrivy = true;
    this.noTrivyMessages++;
    const trivy = vscode.workspace.getConfiguration().get<string>(Settings.trivyPath) || 'trivy';
    void vscode.window
      .showWarningMessage(
        `Trivy was not found at '${trivy}'. Install it or set ${Settings.trivyPath}.`,
        'Install Trivy',
        'Open Settings',
      )
      .then((choice) => {
        if (choice === 'Install Trivy') void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
        if (choice === 'Open Settings')
          void vscode.commands.executeCommand('workbench.action.openSettings', Settings.trivyPath);
      });
  }

  /** A deleted file's (or folder's) scan results leave. */
  private forget(fsPath: string): void {
    const gone = [...this.scanned].filter((t) => t === fsPath || t.startsWith(fsPath + path.sep));
    for (const t of gone) {
      this.scanned.delete(t);
      this.results.delete(SET_PREFIX + t);
    }
    if (gone.length > 0)
      this.core.workspace.setFindings(gone.map((t) => ({ key: SET_PREFIX + t, findings: [] })));
  }

  /** Scanning turned off: every local result leaves. */
  private clear(): void {
    this.core.scans.cancel();
    const all = [...this.scanned];
    this.scanned.clear();
    for (const t of all) this.results.delete(SET_PREFIX + t);
    this.core.workspace.setFindings(all.map((t) => ({ key: SET_PREFIX + t, findings: [] })));
  }
}

/** How one local scan ended. */
export interface ScanOutcome {
  readonly target: string;
  readonly outcome: 'findings' | 'no-trivy' | 'failed' | 'cancelled' | 'untrusted';
  /** How many findings it handed to the workspace (outcome `findings`). */
  readonly findings?: number;
}

/** `.trivyignore.yaml` or `.trivyignore` at the workspace folder's root, as Trivy looks for them. */
function ignoreFileIn(folder: string): string | undefined {
  for (const name of WORKSPACE_IGNORE_FILES)
    if (existsSync(path.join(folder, name))) return path.join(folder, name);
  return undefined;
}

/**
 * Trivy writes paths relative to what it scanned (a file's own name for a file): made absolute,
 * so the workspace places the finding on that very file and not on another of the same name.
 * A finding of a scanned file that names no lines (Dockerfile checks about the whole file) is
 * about the file: it goes on its first line, marked approximate.
 */
function anchored(finding: Finding, target: ScanTarget): Finding {
  const loc = finding.location;
  if (!loc && !target.folder)
    return {
      ...finding,
      location: { path: target.target, startLine: line1(1), endLine: line1(1), approximate: true },
    };
  if (!loc) return finding;
  const absolute = target.folder ? path.resolve(target.target, loc.path) : target.target;
  return { ...finding, location: { ...loc, path: absolute } };
}
