import * as vscode from 'vscode';
import type { Finding } from '@trivy-findings/core/model/finding.js';
import { toLine0, type LineRange } from '@trivy-findings/core/model/lines.js';
import { SEVERITIES, type Severity } from '@trivy-findings/core/model/severity.js';
import { Settings } from '../commands.js';

/** The `source` of every diagnostic the extension publishes; the Problems panel shows it. */
export const DIAGNOSTIC_SOURCE = 'Trivy';

/** The `source` of the cluster findings of a kubeconfig context: `Trivy (kind-dev)`. */
export function clusterDiagnosticSource(context: string): string {
  return `${DIAGNOSTIC_SOURCE} (${context})`;
}

/** Whether a diagnostic's `source` is one the extension publishes. */
export function isFindingSource(source: string | undefined): boolean {
  return source === DIAGNOSTIC_SOURCE || (source?.startsWith(`${DIAGNOSTIC_SOURCE} (`) ?? false);
}

/** How each severity shows in the editor and the Problems panel. */
export type SeverityMap = Readonly<Record<Severity, vscode.DiagnosticSeverity>>;

/** What breaks policy as errors, the rest below it; the default of `trivyFindings.diagnostics.severityMap`. */
export const DEFAULT_SEVERITY_MAP: SeverityMap = {
  CRITICAL: vscode.DiagnosticSeverity.Error,
  HIGH: vscode.DiagnosticSeverity.Error,
  MEDIUM: vscode.DiagnosticSeverity.Warning,
  LOW: vscode.DiagnosticSeverity.Information,
  UNKNOWN: vscode.DiagnosticSeverity.Information,
};

const LEVELS: Readonly<Record<string, vscode.DiagnosticSeverity>> = {
  Error: vscode.DiagnosticSeverity.Error,
  Warning: vscode.DiagnosticSeverity.Warning,
  Information: vscode.DiagnosticSeverity.Information,
  Hint: vscode.DiagnosticSeverity.Hint,
};

/**
 * The severity map of the setting (`{ "HIGH": "Warning", … }`); a severity the setting leaves
 * out, or gives a level VS Code does not have, keeps its default.
 */
export function severityMapOf(setting: unknown): SeverityMap {
  const given = setting && typeof setting === 'object' ? (setting as Record<string, unknown>) : {};
  const map: Record<Severity, vscode.DiagnosticSeverity> = { ...DEFAULT_SEVERITY_MAP };
  for (const severity of SEVERITIES) {
    const level = given[severity];
    if (typeof level === 'string' && level in LEVELS) map[severity] = LEVELS[level]!;
  }
  return map;
}

/** The severity map the user set (`trivyFindings.diagnostics.severityMap`). */
export function configuredSeverityMap(): SeverityMap {
  return severityMapOf(vscode.workspace.getConfiguration().get(Settings.severityMap));
}

/**
 * The range a finding placed on `lines` shows on: from the first non-blank character of the first
 * line to the end of the last, so the squiggle covers the text and not the indentation.
 */
export function diagnosticRange(lines: LineRange, text: TextLines): vscode.Range {
  const first = toLine0(lines.startLine);
  const last = toLine0(lines.endLine);
  return new vscode.Range(first, text.indentOf(first), last, text.lengthOf(last));
}

/**
 * The diagnostic of a finding at `range`. Report text is untrusted, but diagnostics are plain
 * text in every place VS Code shows them, so it is passed as it is.
 */
export function findingDiagnostic(
  finding: Finding,
  range: vscode.Range,
  severities: SeverityMap = DEFAULT_SEVERITY_MAP,
  source: string = DIAGNOSTIC_SOURCE,
  alsoSeen?: string,
): vscode.Diagnostic {
  const base =
    finding.message && finding.message !== finding.title
      ? `${finding.title}: ${finding.message}`
      : finding.title;
  const seen = alsoSeen ? `${base} — also reported by ${alsoSeen}` : base;
  // Shown only when the filters show suppressed findings: the message says so, as the severity
  // alone would read like any other problem.
  const message = finding.suppressed ? `${seen} (suppressed)` : seen;
  const diagnostic = new vscode.Diagnostic(range, message, severities[finding.severity]);
  diagnostic.source = source;
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

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** How many lines the text has (a final line break starts an empty last line). */
  get count(): number {
    return this.starts.length;
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
