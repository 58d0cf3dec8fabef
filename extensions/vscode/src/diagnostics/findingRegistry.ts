import type * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { DIAGNOSTIC_SOURCE } from './findingDiagnostic.js';

/** A diagnostic the extension published, with the finding it shows. */
export interface PublishedFinding {
  readonly diagnostic: vscode.Diagnostic;
  readonly finding: Finding;
}

/**
 * The findings behind the published diagnostics, per file: how quick fixes and hovers get from
 * a diagnostic back to its finding. VS Code hands providers copies of the diagnostics (they cross
 * to the renderer and back), never the objects published, so a diagnostic is recognised by what
 * it shows: source, code, range and message.
 */
export class FindingRegistry {
  private readonly byFile = new Map<string, readonly PublishedFinding[]>();

  /** Replaces what is published on a file (URI string); an empty list forgets the file. */
  replace(file: string, published: readonly PublishedFinding[]): void {
    if (published.length > 0) this.byFile.set(file, published);
    else this.byFile.delete(file);
  }

  /** The finding a diagnostic of `document` shows, or `undefined` when it is not one of ours. */
  findingOf(document: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
    return this.byFile
      .get(document.toString())
      ?.find(
        ({ diagnostic: d }) =>
          d.range.isEqual(diagnostic.range) &&
          d.message === diagnostic.message &&
          codeOf(d) === codeOf(diagnostic),
      )?.finding;
  }

  /** The published findings whose ranges hold `position`. */
  at(document: vscode.Uri, position: vscode.Position): readonly PublishedFinding[] {
    return (this.byFile.get(document.toString()) ?? []).filter(({ diagnostic }) =>
      diagnostic.range.contains(position),
    );
  }

  clear(): void {
    this.byFile.clear();
  }
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
