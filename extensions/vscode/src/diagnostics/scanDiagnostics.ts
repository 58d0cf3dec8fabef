import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import type { FileReader } from '@trivy-findings/core/ports/fileReader.js';
import { buildManifestIndex } from '@trivy-findings/core/manifests/manifestIndex.js';
import { rangeForFinding } from '@trivy-findings/core/manifests/findingToRange.js';
import { findingDiagnostic, TextLines } from './findingDiagnostic.js';
import { resolveInWorkspace } from './workspaceTarget.js';

/** Manifests larger than this are not opened to place findings on them. */
export const MANIFEST_LIMIT_BYTES = 16 * 1024 * 1024;

/** What became of the findings of one scan file. */
export interface Placement {
  /** Diagnostics published, per workspace file. */
  readonly files: ReadonlyMap<string, number>;
  /** Findings that point at no workspace file or no line of one, with the reason. */
  readonly unplaced: readonly { readonly finding: Finding; readonly reason: string }[];
}

/**
 * The diagnostics of the scan files the user opened, in one collection. Each scan file keeps its
 * own diagnostics: opening it again replaces them, opening another adds to them.
 */
export class ScanDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('trivy-findings');
  /** Per scan file (URI string), the diagnostics it put on each workspace file (URI string). */
  private readonly byScan = new Map<string, Map<string, vscode.Diagnostic[]>>();

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
    const placed = new Map<string, vscode.Diagnostic[]>();
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
      const diagnostics = placed.get(target.toString()) ?? [];
      for (const finding of group) {
        const range = rangeForFinding(finding, index);
        if (range) diagnostics.push(findingDiagnostic(finding, range, lines));
        else unplaced.push({ finding, reason: `no line of ${path} matches it` });
      }
      placed.set(target.toString(), diagnostics);
    }
    this.replace(scan.toString(), placed);
    return { files: new Map([...placed].map(([uri, list]) => [uri, list.length])), unplaced };
  }

  /** Removes what `scan` published. */
  clear(scan: vscode.Uri): void {
    this.replace(scan.toString(), new Map());
  }

  dispose(): void {
    this.byScan.clear();
    this.collection.dispose();
  }

  private replace(scan: string, placed: Map<string, vscode.Diagnostic[]>): void {
    const touched = new Set([...(this.byScan.get(scan)?.keys() ?? []), ...placed.keys()]);
    if (placed.size > 0) this.byScan.set(scan, placed);
    else this.byScan.delete(scan);
    for (const file of touched) {
      const all = [...this.byScan.values()].flatMap((m) => m.get(file) ?? []);
      this.collection.set(vscode.Uri.parse(file, true), all.length > 0 ? all : undefined);
    }
  }
}
