import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { buildManifestIndex } from '@trivy-findings/core/manifests/manifestIndex.js';
import { rangeForFinding } from '@trivy-findings/core/manifests/findingToRange.js';
import type { IgnoreMatcher } from '@trivy-findings/core/ignore/trivyIgnoreMatcher.js';
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
 * own diagnostics: opening it again replaces them, opening another adds to them. What the filters
 * show is shown ({@link setFilter}): a finding the root ignore file of the scan file's workspace
 * folder suppresses (the file quick fixes write to, and local scans pass to trivy; read and
 * judged once for every view by `filters/workspaceIgnore.ts`) is hidden, or marked when
 * suppressed findings are shown. The severity shown follows
 * `trivyFindings.diagnostics.severityMap`. Every diagnostic is published through
 * {@link registry}, where quick fixes and hovers find its finding.
 */
export class ScanDiagnostics implements vscode.Disposable {
  readonly registry = new FindingRegistry();
  private readonly collection = vscode.languages.createDiagnosticCollection('trivy-findings');
  /** Per scan file (URI string), its placed findings. */
  private readonly byScan = new Map<string, readonly Placed[]>();
  private severities: SeverityMap = DEFAULT_SEVERITY_MAP;
  /** The filters' judgement; everything until the extension sets it. */
  private shows: (finding: Finding) => boolean = () => true;
  /** The ignore files' matcher, to mark what it suppresses (the filters hide it, or show it marked). */
  private ignore: IgnoreMatcher | undefined;

  constructor(private readonly files: FileReader) {}

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
    const shown: Placed[] = [];
    for (const p of placed) {
      const marked = this.ignore ? this.ignore.mark(p.finding) : p.finding;
      if (!marked.suppressed || this.shows(marked)) shown.push(p);
      else
        unplaced.push({
          finding: p.finding,
          reason: `suppressed by ${marked.suppression?.source ?? 'the scan itself'}`,
        });
    }
    this.replace(scan.toString(), placed);
    const files = new Map<string, number>();
    for (const p of shown) files.set(p.file, (files.get(p.file) ?? 0) + 1);
    return { files, unplaced };
  }

  /** Removes what `scan` published. */
  clear(scan: vscode.Uri): void {
    this.replace(scan.toString(), []);
  }

  /**
   * Shows only the findings `shows` accepts (the filters), at once, from what was read; `ignore`
   * marks what the ignore files suppress, which `shows` then hides unless suppressed findings are
   * shown.
   */
  setFilter(shows: (finding: Finding) => boolean, ignore?: IgnoreMatcher): void {
    this.shows = shows;
    this.ignore = ignore;
    this.publish(new Set([...this.byScan.values()].flatMap((list) => list.map((p) => p.file))));
  }

  /** Shows every published finding with the severities of `map`. */
  setSeverityMap(map: SeverityMap): void {
    this.severities = map;
    this.publish(new Set([...this.byScan.values()].flatMap((list) => list.map((p) => p.file))));
  }

  dispose(): void {
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

  /** Publishes the diagnostics of these files from every scan, as the filters show them. */
  private publish(files: ReadonlySet<string>): void {
    const byFile = new Map<string, PublishedFinding[]>([...files].map((f) => [f, []]));
    for (const list of this.byScan.values()) {
      for (const { file, finding: read, range } of list) {
        if (!files.has(file)) continue;
        const finding = this.ignore ? this.ignore.mark(read) : read;
        if (!this.shows(finding)) continue;
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
}
