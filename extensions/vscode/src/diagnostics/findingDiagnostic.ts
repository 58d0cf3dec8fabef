import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { toLine0, type LineRange } from '@trivy-findings/core/model/lines.js';
import type { Severity } from '@trivy-findings/core/model/severity.js';

/** The `source` of every diagnostic the extension publishes; the Problems panel shows it. */
export const DIAGNOSTIC_SOURCE = 'Trivy';

/** How each severity shows in the editor: what breaks policy as errors, the rest below it. */
const DIAGNOSTIC_SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  CRITICAL: vscode.DiagnosticSeverity.Error,
  HIGH: vscode.DiagnosticSeverity.Error,
  MEDIUM: vscode.DiagnosticSeverity.Warning,
  LOW: vscode.DiagnosticSeverity.Information,
  UNKNOWN: vscode.DiagnosticSeverity.Information,
};

/**
 * The diagnostic of a finding placed on `lines` of a file whose text is `lines`' source. The range
 * starts at the first non-blank character of the first line and ends at the end of the last, so
 * the squiggle covers the text and not the indentation. Report text is untrusted, but diagnostics
 * are plain text in every place VS Code shows them, so it is passed as it is.
 */
export function findingDiagnostic(finding: Finding, lines: LineRange, text: TextLines): vscode.Diagnostic {
  const first = toLine0(lines.startLine);
  const last = toLine0(lines.endLine);
  const range = new vscode.Range(first, text.indentOf(first), last, text.lengthOf(last));
  const message =
    finding.message && finding.message !== finding.title
      ? `${finding.title}: ${finding.message}`
      : finding.title;
  const diagnostic = new vscode.Diagnostic(range, message, DIAGNOSTIC_SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = isWebUrl(finding.primaryUrl)
    ? { value: finding.id, target: vscode.Uri.parse(finding.primaryUrl) }
    : finding.id;
  return diagnostic;
}

function isWebUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/[^\s]+$/i.test(url);
}

/** Column lookups on a file's text by 0-based line (line starts indexed once). */
export class TextLines {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The line's text without its line break; empty past the end. */
  line(line0: number): string {
    const start = this.starts[line0];
    if (start === undefined) return '';
    const next = this.starts[line0 + 1];
    const raw = this.text.slice(start, next === undefined ? undefined : next - 1);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }

  lengthOf(line0: number): number {
    return this.line(line0).length;
  }

  /** The column of the first non-blank character; 0 on a blank line. */
  indentOf(line0: number): number {
    const m = /\S/.exec(this.line(line0));
    return m ? m.index : 0;
  }
}
