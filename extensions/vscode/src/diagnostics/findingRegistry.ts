import type * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { isFindingSource } from './findingDiagnostic.js';

/** A diagnostic the extension published, with the finding it shows. */
export interface PublishedFinding {
  readonly diagnostic: vscode.Diagnostic;
  readonly finding: Finding;
}

/**
 * Who published a file's diagnostics: the scan files the user opened (`scan`), or the workspace
 * placements of the cluster's findings and local scans (`workspace`). Each has its own collection.
 */
export type PublisherId = 'scan' | 'workspace';

/**
 * The findings behind the published diagnostics, per publisher and file: how quick fixes and
 * hovers get from a diagnostic back to its finding. VS Code hands providers copies of the
 * diagnostics (they cross to the renderer and back), never the objects published, so a
 * diagnostic is recognised by what it shows: source, code, range and message.
 */
export class FindingRegistry {
  private readonly byPublisher = new Map<PublisherId, Map<string, readonly PublishedFinding[]>>();

  /** Replaces what `publisher` published on a file (URI string); an empty list forgets it. */
  replace(file: string, published: readonly PublishedFinding[], publisher: PublisherId = 'scan'): void {
    let byFile = this.byPublisher.get(publisher);
    if (!byFile) this.byPublisher.set(publisher, (byFile = new Map()));
    if (published.length > 0) byFile.set(file, published);
    else byFile.delete(file);
  }

  /** The finding a diagnostic of `document` shows, or `undefined` when it is not one of ours. */
  findingOf(document: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    if (!isFindingSource(diagnostic.source)) return undefined;
    return this.published(document).find(
      ({ diagnostic: d }) =>
        d.range.isEqual(diagnostic.range) &&
        d.message === diagnostic.message &&
        codeOf(d) === codeOf(diagnostic),
    )?.finding;
  }

  /** The published findings whose ranges hold `position`. */
  at(document: vscode.Uri, position: vscode.Position): readonly PublishedFinding[] {
    return this.published(document).filter(({ diagnostic }) => diagnostic.range.contains(position));
  }

  /** Forgets what `publisher` published (every publisher's when none is named). */
  clear(publisher?: PublisherId): void {
    if (publisher) this.byPublisher.delete(publisher);
    else this.byPublisher.clear();
  }

  private published(document: vscode.Uri): readonly PublishedFinding[] {
    const file = document.toString();
    return [...this.byPublisher.values()].flatMap((byFile) => byFile.get(file) ?? []);
  }
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
