import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { buildManifestIndex } from '@trivy-findings/core/manifests/manifestIndex.js';
import { rangeForFinding } from '@trivy-findings/core/manifests/findingToRange.js';
import { SUPPRESS_FILE_NAME } from '@trivy-findings/core/fixes/suppressFix.js';
import { readTrivyIgnore } from '@trivy-findings/core/ignore/trivyIgnore.js';
import { createIgnoreMatcher, type IgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
import {
  DEFAULT_SEVERITY_MAP,
  diagnosticRange,
  findingDiagnostic,
  TextLines,
  type SeverityMap,
} from './findingDiagnostic.js';
import { FindingRegistry, type PublishedFinding } from './findingRegistry.js';
import { resolveInWorkspace } from './workspaceTarget.js';

/** Manifests larger than this are not opened to place findings on them. */
export const MANIFEST_LIMIT_BYTES = 16 * 1024 * 1024;

/** Ignore files larger than this are not read (Trivy's own are a few lines). */
const IGNORE_LIMIT_BYTES = 1024 * 1024;

/** What became of the findings of one scan file. */
export interface Placement {
  /** Diagnostics published, per workspace file. */
  readonly files: ReadonlyMap<string, number>;
  /** Findings that point at no workspace file or no line of one, or that are suppressed, with the reason. */
  readonly unplaced: readonly { readonly finding: Finding; readonly reason: string }[];
}

/** A finding placed on a range of a workspace file (URI string). */
interface Placed {
  readonly file: string;
  readonly finding: Finding;
  readonly range: vscode.Range;
}

/**
 * The diagnostics of the scan files the user opened, in one collection. Each scan file keeps its
 * own diagnostics: opening it again replaces them, opening another adds to them. Findings the
 * `.trivyignore.yaml` at the root of the scan file's workspace folder suppresses are not shown
 * (the file quick fixes write to, and local scans pass to trivy). The severity shown follows
 * `trivyFindings.diagnostics.severityMap`. Every diagnostic is published through
 * {@link registry}, where quick fixes and hovers find its finding.
 */
export class ScanDiagnostics implements vscode.Disposable {
  readonly registry = new FindingRegistry();
  private readonly collection = vscode.languages.createDiagnosticCollection('trivy-findings');
  /** Per scan file (URI string), its placed findings. */
  private readonly byScan = new Map<string, readonly Placed[]>();
  /** Per workspace folder (URI string), the matcher of its ignore file; `undefined` when it has none. */
  private readonly ignores = new Map<string, IgnoreMatcher | undefined>();
  private severities: SeverityMap = DEFAULT_SEVERITY_MAP;
  /** The filters' judgement; everything until the extension sets it. */
  private shows: (finding: Finding) => boolean = () => true;
  private readonly ignoreWatcher = vscode.workspace.createFileSystemWatcher(`**/${SUPPRESS_FILE_NAME}`);

  constructor(private readonly files: FileReader) {
    // An entry added or removed by hand shows or hides its findings, as a quick fix does.
    const reload = () => void this.reloadIgnoreFiles();
    this.ignoreWatcher.onDidCreate(reload);
    this.ignoreWatcher.onDidChange(reload);
    this.ignoreWatcher.onDidDelete(reload);
  }

  /**
   * Places the findings of `scan` on the workspace files their locations name (through the core's
   * `rangeForFinding`, the one finding → lines mapping) and publishes them, replacing what `scan`
   * published before. Never rejects: a manifest that cannot be read leaves its findings unplaced.
   */
  async show(scan: vscode.Uri, findings: readonly Finding[]): Promise<Placement> {
    const unplaced: { finding: Finding; reason: string }[] = [];
    const byPath = new Map<string, Finding[]>();
    for (const finding of findings) {
      const path = finding.location?.path;
      if (path === undefined) unplaced.push({ finding, reason: 'the report gives no file for it' });
      else {
        const group = byPath.get(path);
        if (group) group.push(finding);
        else byPath.set(path, [finding]);
      }
    }
    const placed: Placed[] = [];
    for (const [path, group] of byPath) {
      const target = await resolveInWorkspace(path, scan, this.files);
      if (!target) {
        for (const finding of group) unplaced.push({ finding, reason: `${path} is not a workspace file` });
        continue;
      }
      let text: string;
      try {
        text = await this.files.readText(target.toString(), MANIFEST_LIMIT_BYTES);
      } catch (err) {
        const reason = (err as Error).message;
        for (const finding of group) unplaced.push({ finding, reason });
        continue;
      }
      const index = buildManifestIndex(text, path);
      const lines = new TextLines(text);
      for (const finding of group) {
        const range = rangeForFinding(finding, index);
        if (range) placed.push({ file: target.toString(), finding, range: diagnosticRange(range, lines) });
        else unplaced.push({ finding, reason: `no line of ${path} matches it` });
      }
    }
    const ignore = await this.ignoreOf(scan);
    const shown = ignore ? placed.filter((p) => !ignore.match(p.finding)) : placed;
    for (const p of placed)
      if (!shown.includes(p))
        unplaced.push({ finding: p.finding, reason: `suppressed by ${SUPPRESS_FILE_NAME}` });
    this.replace(scan.toString(), placed);
    const files = new Map<string, number>();
    for (const p of shown) files.set(p.file, (files.get(p.file) ?? 0) + 1);
    return { files, unplaced };
  }

  /** Removes what `scan` published. */
  clear(scan: vscode.Uri): void {
    this.replace(scan.toString(), []);
  }

  /** Shows only the findings `shows` accepts (the filters), at once, from what was read. */
  setFilter(shows: (finding: Finding) => boolean): void {
    this.shows = shows;
    this.publish(new Set([...this.byScan.values()].flatMap((list) => list.map((p) => p.file))));
  }

  /** Shows every published finding with the severities of `map`. */
  setSeverityMap(map: SeverityMap): void {
    this.severities = map;
    this.publish(new Set([...this.byScan.values()].flatMap((list) => list.map((p) => p.file))));
  }

  /** Reads the ignore files again (one was edited) and shows what they no longer suppress, hides what they do. */
  async reloadIgnoreFiles(): Promise<void> {
    this.ignores.clear();
    for (const scan of this.byScan.keys()) await this.ignoreOf(vscode.Uri.parse(scan, true));
    this.publish(new Set([...this.byScan.values()].flatMap((list) => list.map((p) => p.file))));
  }

  dispose(): void {
    this.ignoreWatcher.dispose();
    this.byScan.clear();
    this.registry.clear();
    this.collection.dispose();
  }

  private replace(scan: string, placed: readonly Placed[]): void {
    const touched = new Set([...(this.byScan.get(scan) ?? []), ...placed].map((p) => p.file));
    if (placed.length > 0) this.byScan.set(scan, placed);
    else this.byScan.delete(scan);
    this.publish(touched);
  }

  /** Publishes the diagnostics of these files from every scan, without what an ignore file suppresses. */
  private publish(files: ReadonlySet<string>): void {
    const byFile = new Map<string, PublishedFinding[]>([...files].map((f) => [f, []]));
    for (const [scan, list] of this.byScan) {
      const ignore = this.ignores.get(folderKey(vscode.Uri.parse(scan, true)));
      for (const { file, finding, range } of list) {
        if (!files.has(file) || ignore?.match(finding) || !this.shows(finding)) continue;
        byFile.get(file)!.push({ finding, diagnostic: findingDiagnostic(finding, range, this.severities) });
      }
    }
    for (const [file, published] of byFile) {
      this.registry.replace(file, published);
      this.collection.set(
        vscode.Uri.parse(file, true),
        published.length > 0 ? published.map((p) => p.diagnostic) : undefined,
      );
    }
  }

  /** The matcher of the ignore file of the scan's workspace folder, read once until reloaded. */
  private async ignoreOf(scan: vscode.Uri): Promise<IgnoreMatcher | undefined> {
    const key = folderKey(scan);
    if (this.ignores.has(key)) return this.ignores.get(key);
    const folder = vscode.workspace.getWorkspaceFolder(scan);
    let matcher: IgnoreMatcher | undefined;
    if (folder) {
      const file = vscode.Uri.joinPath(folder.uri, SUPPRESS_FILE_NAME);
      // A missing, unreadable or oversized file suppresses nothing.
      const text = await this.files.readText(file.toString(), IGNORE_LIMIT_BYTES).catch(() => undefined);
      if (text !== undefined)
        matcher = createIgnoreMatcher(readTrivyIgnore(text, file.toString()).value, new Date());
    }
    this.ignores.set(key, matcher);
    return matcher;
  }
}

/** The workspace folder a scan belongs to (its URI string), or the scan itself outside any folder. */
function folderKey(scan: vscode.Uri): string {
  return (vscode.workspace.getWorkspaceFolder(scan)?.uri ?? scan).toString();
}
