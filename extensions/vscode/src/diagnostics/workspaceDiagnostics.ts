import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { checkJoinKey } from '@trivy-findings/core/model/checkIds.js';
import { toLine0 } from '@trivy-findings/core/model/lines.js';
import type { ManifestWorkspace, Placement } from '@trivy-findings/core/workspace/manifestWorkspace.js';
import {
  clusterDiagnosticSource,
  DEFAULT_SEVERITY_MAP,
  DIAGNOSTIC_SOURCE,
  diagnosticRange,
  findingDiagnostic,
  TextLines,
  type SeverityMap,
} from './findingDiagnostic.js';
import type { FindingRegistry, PublishedFinding } from './findingRegistry.js';
import { keyOf } from './manifestFeed.js';
import { PublishWindow, type PublishWindowOptions } from './publishWindow.js';

/** What the diagnostics need to know of the files the core holds. */
export interface ManifestTexts {
  text(path: string): string | undefined;
  uri(path: string): vscode.Uri | undefined;
}

/** At most this many other places are linked from one diagnostic. */
const MAX_RELATED = 10;

/**
 * Files named by changes within a window are published once, together, at its end: 30 ms when
 * publishing is cheap, up to twice what the last publish took (at most 400 ms) in a burst. A file
 * no editor shows waits for the burst to end (no change for 100 ms), at most 1.5 s: a 1,000-report burst otherwise sent
 * each file's diagnostics to VS Code about five times, and VS Code's own conversion of them cost
 * more than reading the reports.
 */
export const PUBLISH_WINDOW: PublishWindowOptions = {
  windowMs: 30,
  maxWindowMs: 400,
  costFactor: 2,
  backgroundMs: 1500,
  quietMs: 100,
};

/**
 * The diagnostics of what the core's manifest workspace places on the workspace's files: the
 * shown cluster's live findings (`source` `Trivy (<context>)`, related information to the other
 * manifests of the same workload) and the findings of local scans (`Trivy`). A finding the local
 * scan and the cluster both report on the same lines is shown once, its message saying both.
 * Re-publishes exactly the files the workspace says changed, each at most once per window
 * ({@link PUBLISH_WINDOW}); only what the filters show.
 */
export class WorkspaceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('trivy-findings-workspace');
  private readonly subscription: { dispose(): void };
  private severities: SeverityMap = DEFAULT_SEVERITY_MAP;
  private published = new Set<string>();
  private readonly window: PublishWindow;
  /** The files visible editors show (core paths): published at every window's end. */
  private inView = new Set<string>();
  /** Each published file's line starts, kept while its text is the same string. */
  private readonly lines = new Map<string, TextLines>();
  /** Counts `collection.set` calls: the bench and tests wait on it. */
  private sets = 0;
  private readonly emitter = new vscode.EventEmitter<readonly string[]>();
  /** Fires after the diagnostics of these files (core paths) were published. */
  readonly onDidPublish = this.emitter.event;

  constructor(
    private readonly workspace: ManifestWorkspace,
    private readonly texts: ManifestTexts,
    private readonly registry: FindingRegistry,
    private readonly context: () => string | undefined,
    /** The filters' judgement (`filters/filterState.ts`); a change of it is a {@link republish}. */
    private readonly shows: (finding: Finding) => boolean = () => true,
    window: PublishWindowOptions = PUBLISH_WINDOW,
  ) {
    this.window = new PublishWindow(
      window,
      (files) => {
        for (const path of files) this.publishFile(path);
        this.emitter.fire(files);
      },
      undefined,
      (path) => this.inView.has(path),
    );
    const changes = workspace.onDidChange(({ files }) => this.publish(files));
    const editors = vscode.window.onDidChangeVisibleTextEditors(() => this.followEditors());
    this.followEditors();
    this.subscription = {
      dispose: () => {
        changes.dispose();
        editors.dispose();
      },
    };
  }

  setSeverityMap(map: SeverityMap): void {
    this.severities = map;
    this.publish([...this.published]);
  }

  /** Publishes every file again: what the placements are, or were, on (a setting changed). */
  republish(): void {
    this.publish(new Set([...this.published, ...this.workspace.placedFiles()]));
  }

  /** How many times a file's diagnostics were set since start. */
  get publishCount(): number {
    return this.sets;
  }

  /**
   * Publishes the placements of these files (core paths) at the end of the current window, as
   * they are then; a file named again within the window is published once.
   */
  publish(files: Iterable<string>): void {
    this.window.add(files);
  }

  /** Publishes what the current window collected now (tests, and a host that must not wait). */
  flush(): void {
    this.window.flush();
  }

  dispose(): void {
    this.window.dispose();
    this.lines.clear();
    this.subscription.dispose();
    this.collection.dispose();
    this.registry.clear('workspace');
    this.emitter.dispose();
  }

  private followEditors(): void {
    this.inView = new Set(vscode.window.visibleTextEditors.map((e) => keyOf(e.document.uri)));
    this.window.viewChanged();
  }

  private publishFile(path: string): void {
    const uri = this.texts.uri(path);
    const text = this.texts.text(path);
    const list =
      uri && text !== undefined
        ? this.diagnosticsOf(path, this.workspace.placements(path), this.linesOf(path, text))
        : [];
    if (text === undefined) this.lines.delete(path);
    const target = uri ?? uriOfPath(path);
    this.registry.replace(target.toString(), list, 'workspace');
    this.collection.set(target, list.length > 0 ? list.map((p) => p.diagnostic) : undefined);
    this.sets++;
    if (list.length > 0) this.published.add(path);
    else this.published.delete(path);
  }

  /** The file's lines, indexed again only when its text changed. */
  private linesOf(path: string, text: string): TextLines {
    const kept = this.lines.get(path);
    if (kept?.text === text) return kept;
    const lines = new TextLines(text);
    this.lines.set(path, lines);
    return lines;
  }

  private diagnosticsOf(
    path: string,
    placements: readonly Placement[],
    lines: TextLines,
  ): PublishedFinding[] {
    const context = this.context();
    // A finding the local scan and the cluster both report on the same lines: one diagnostic.
    const groups = new Map<string, Placement[]>();
    for (const p of placements) {
      // No context: cluster diagnostics are off (the session may still serve the Cluster view).
      if (context === undefined && isClusterFinding(p.finding)) continue;
      if (!this.shows(p.finding)) continue;
      const key = `${p.finding.type}|${joinKey(p.finding)}|${p.range.startLine}-${p.range.endLine}`;
      const group = groups.get(key);
      if (group) group.push(p);
      else groups.set(key, [p]);
    }
    joinApproximate(groups);
    const out: PublishedFinding[] = [];
    const relatedOf = new Map<string, vscode.DiagnosticRelatedInformation[]>();
    for (const group of groups.values()) {
      const local = group.find((p) => !isClusterFinding(p.finding));
      const cluster = group.find((p) => isClusterFinding(p.finding));
      const shown = local ?? cluster!;
      // An approximate local range (Helm) joined by the cluster's: the cluster's is the precise one.
      const range = diagnosticRange((local?.range.approximate && cluster ? cluster : shown).range, lines);
      const fromCluster = !local && context !== undefined;
      const diagnostic = findingDiagnostic(
        shown.finding,
        range,
        this.severities,
        fromCluster ? clusterDiagnosticSource(context) : DIAGNOSTIC_SOURCE,
        local && cluster && context !== undefined ? `the cluster ${context}` : undefined,
      );
      let related: vscode.DiagnosticRelatedInformation[] = [];
      if (cluster?.workload) {
        // A workload's findings share their other places: looked up once per file and workload.
        const known = relatedOf.get(cluster.workload);
        if (known) related = known;
        else relatedOf.set(cluster.workload, (related = this.related(path, cluster.workload)));
      }
      if (related.length > 0) diagnostic.relatedInformation = related;
      out.push({ finding: shown.finding, diagnostic });
    }
    return out;
  }

  /** The other manifests of the same workload: where else the same cluster finding shows. */
  private related(path: string, workload: string): vscode.DiagnosticRelatedInformation[] {
    const out: vscode.DiagnosticRelatedInformation[] = [];
    for (const o of this.workspace.objectsFor(workload)) {
      if (o.path === path || out.length >= MAX_RELATED) continue;
      const uri = this.texts.uri(o.path);
      const text = this.texts.text(o.path);
      if (!uri || text === undefined) continue;
      const line0 = toLine0(o.object.range.startLine);
      out.push(
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(
            uri,
            new vscode.Range(line0, 0, line0, this.linesOf(o.path, text).lengthOf(line0)),
          ),
          `also on ${o.object.kind ?? 'the object'} ${o.object.name ?? ''}`.trimEnd(),
        ),
      );
    }
    return out;
  }
}

/**
 * Joins what one key cannot: a local Helm scan's lines are the rendered manifest's, so its finding
 * is approximate and lands on the cause line Trivy names, while the cluster's report of the same
 * check on the same object lands on the key it is about, a line or two away. A group of only
 * approximate local placements takes in the cluster-only group of the same check whose lines lie
 * within the block the local finding reports: one finding, seen twice.
 */
function joinApproximate(groups: Map<string, Placement[]>): void {
  const checkOf = (key: string) => key.slice(0, key.lastIndexOf('|') + 1);
  for (const [key, group] of groups) {
    const loc = group[0]!.finding.location;
    if (!loc || !group.every((p) => p.range.approximate && !isClusterFinding(p.finding))) continue;
    const match = [...groups].find(
      ([k, g]) =>
        k !== key &&
        checkOf(k) === checkOf(key) &&
        g.every((p) => isClusterFinding(p.finding)) &&
        g[0]!.range.startLine >= loc.startLine &&
        g[0]!.range.endLine <= loc.endLine,
    );
    if (!match) continue;
    groups.delete(match[0]);
    group.push(...match[1]);
  }
}

/** A cluster's finding was read from a report object, not from a file. */
export function isClusterFinding(finding: Finding): boolean {
  return finding.origin.report !== undefined && finding.origin.file === undefined;
}

function joinKey(finding: Finding): string {
  return checkJoinKey(finding.id);
}

function uriOfPath(path: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(path) ? vscode.Uri.parse(path, true) : vscode.Uri.file(path);
}
