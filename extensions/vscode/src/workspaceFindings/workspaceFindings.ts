import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';

/** One publisher's findings: a local scan of a target, or an opened scan file. */
export interface FindingSource {
  /** Unique per source: `local:<target>`, `scan:<uri>`. */
  readonly key: string;
  /** What a person recognises it by (`trivy config Dockerfile`, `scans/report.json`). */
  readonly label: string;
  readonly kind: 'local' | 'scanFile';
  readonly findings: readonly Finding[];
}

/**
 * The findings of the workspace, by source: local scans and the scan files the user opened. The
 * Workspace view shows them; publishers (the local scanner, Open Scan File, the scan viewer) put
 * theirs here with {@link set}, replacing what they put before.
 */
export class WorkspaceFindings implements vscode.Disposable {
  private readonly sources = new Map<string, FindingSource>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  set(source: FindingSource): void {
    if (source.findings.length === 0) this.sources.delete(source.key);
    else this.sources.set(source.key, source);
    this.emitter.fire();
  }

  delete(key: string): void {
    if (this.sources.delete(key)) this.emitter.fire();
  }

  all(): FindingSource[] {
    return [...this.sources.values()];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
