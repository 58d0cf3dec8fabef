import pc from 'picocolors';
import type { Finding } from '../model/finding.js';
import { countsTowardTotals } from '../model/findingFilter.js';
import type { Problem } from '../model/problem.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import {
  compareSeverity,
  emptyCounts,
  SEVERITIES,
  type Severity,
  type SeverityCounts,
} from '../model/severity.js';
import { countRows, summarizeFindings } from '../summary/findingSummary.js';
import { fit, layoutTable, type Column } from './tableLayout.js';

/** Colours for a terminal; identity functions when not a TTY so pipes get plain text. */
export interface Palette {
  severity(s: Severity, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function palette(color: boolean): Palette {
  const c = pc.createColors(color);
  const bySeverity: Record<Severity, (t: string) => string> = {
    CRITICAL: (t) => c.bold(c.red(t)),
    HIGH: c.red,
    MEDIUM: c.yellow,
    LOW: c.blue,
    UNKNOWN: c.gray,
  };
  return { severity: (s, t) => bySeverity[s](t), dim: c.dim, bold: c.bold };
}

/** What a table is printed from: the findings shown, and what the summary says about the read. */
export interface TableInput {
  readonly findings: readonly Finding[];
  /** The workload a finding belongs to (owners read or inferred), when it is about one. */
  readonly workloadOf: (f: Finding) => WorkloadRef | undefined;
  /** What was read, for the summary: `3 inputs read`, `12 reports read`. */
  readonly read: string;
  /** Problems met while reading; they are printed on stderr, the table only counts them. */
  readonly problems: number;
  /** Characters per line (`process.stdout.columns`, else {@link DEFAULT_WIDTH}). */
  readonly width: number;
  readonly palette: Palette;
}

const FINDING_COLUMNS: readonly Column[] = [
  { header: 'SEVERITY', min: 8, shrinkRank: 9 },
  { header: 'COUNT', min: 5, shrinkRank: 10, right: true },
  { header: 'ID', min: 14, shrinkRank: 7 },
  { header: 'PACKAGE', min: 10, shrinkRank: 5 },
  { header: 'INSTALLED → FIXED', min: 17, shrinkRank: 8 },
  { header: 'IMAGE / TARGET', min: 12, shrinkRank: 3 },
  { header: 'FILE:LINE', min: 12, shrinkRank: 4 },
  { header: 'TITLE', min: 10, shrinkRank: 1 },
];
const SEVERITY_COLUMN = 0;
const WHERE_COLUMN = 6;

/**
 * The human table: a summary first (findings by severity in the core's order and by type, what
 * was read, how many problems), then column headers and the findings under a heading per
 * workload (a ReplicaSet's under its Deployment, `(inferred)` when found from names; findings
 * about no Kubernetes object under their image, target or file), most severe first. A row has
 * the severity, id, package and installed → fixed version, image or target, file:line and title;
 * the columns line up across headings. Rows that print the same text are one row with their
 * count (`×3`): nothing tells them apart. Control characters are stripped from every cell.
 */
export function renderTable(input: TableInput): string {
  const { findings, palette: p } = input;
  const out = summaryBlock(input);
  if (findings.length === 0) return out.join('\n') + '\n';
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = groupLabel(f, input.workloadOf);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  const sortedGroups = [...groups.entries()].sort(
    (a, b) => compareSeverity(worst(a[1]), worst(b[1])) || compareText(a[0], b[0]),
  );
  const rows: { cells: string[]; severity: Severity; count: number; group: string }[] = [];
  for (const [group, list] of sortedGroups) {
    list.sort((a, b) => compareSeverity(a.severity, b.severity) || compareText(a.id, b.id));
    const folded = new Map<string, (typeof rows)[number]>();
    for (const f of list) {
      const cells = findingCells(f, !input.workloadOf(f) && !f.resource && !f.origin.report);
      const key = cells.join('\0');
      const row = folded.get(key);
      if (row) row.count++;
      else folded.set(key, { cells, severity: f.severity, count: 1, group });
    }
    rows.push(...folded.values());
  }
  for (const r of rows) r.cells[1] = r.count > 1 ? `×${r.count}` : '';
  const [header, ...lines] = layoutTable(
    FINDING_COLUMNS,
    rows.map((r) => r.cells),
    input.width,
    (column, row, text) =>
      column === SEVERITY_COLUMN
        ? p.severity(rows[row]!.severity, text)
        : column === WHERE_COLUMN
          ? p.dim(text)
          : text,
  );
  out.push('', p.bold(header!));
  lines.forEach((line, i) => {
    const group = rows[i]!.group;
    if (i === 0 || rows[i - 1]!.group !== group) {
      const list = groups.get(group)!;
      out.push('', groupHeading(clean(group), list, input.width, p));
    }
    out.push(line);
  });
  return out.join('\n') + '\n';
}

/** `--summary`: the counts per workload (else image, else target or file), most severe first. */
export function renderSummaryTable(input: TableInput): string {
  const counts = new Map<string, SeverityCounts>();
  for (const f of input.findings) {
    const key = groupLabel(f, input.workloadOf);
    let c = counts.get(key);
    if (!c) counts.set(key, (c = emptyCounts()));
    if (countsTowardTotals(f)) c[f.severity]++;
  }
  const columns: Column[] = [
    { header: 'WORKLOAD / IMAGE', min: 16, shrinkRank: 1 },
    ...SEVERITIES.map((s) => ({ header: s, min: s.length, shrinkRank: 2, right: true })),
    { header: 'TOTAL', min: 5, shrinkRank: 2, right: true },
  ];
  // Every severity column is kept, zeros included, so the counts line up with their header.
  const rows = countRows(counts).map((r) => [
    clean(r.key),
    ...SEVERITIES.map((s) => String(r.counts[s])),
    String(r.total),
  ]);
  const out = summaryBlock(input);
  if (rows.length) out.push('', ...layoutTable(columns, rows, input.width));
  return out.join('\n') + '\n';
}

function summaryBlock(input: TableInput): string[] {
  const { findings, palette: p, width } = input;
  const summary = summarizeFindings(findings);
  const notCounted = findings.length - summary.total;
  const problems = `${input.problems} problem${input.problems === 1 ? '' : 's'}${input.problems ? ' (on stderr)' : ''}`;
  const items = (texts: readonly string[], colour: (i: number, t: string) => string = (_i, t) => t) =>
    texts.map((text, i) => ({ text, colour: (t: string) => colour(i, t) }));
  return [
    ...labelled(
      'Findings',
      items([
        `${findings.length}${notCounted ? ` (${notCounted} suppressed or passed, not counted)` : ''}; ${input.read}; ${problems}`,
      ]),
      width,
      p,
    ),
    ...labelled(
      'Severity',
      items(
        SEVERITIES.map((s) => `${s} ${summary.counts[s]}`),
        (i, t) => p.severity(SEVERITIES[i]!, t),
      ),
      width,
      p,
    ),
    ...labelled(
      'Type',
      items(summary.byType.length ? summary.byType.map((r) => `${r.key} ${r.total}`) : ['-']),
      width,
      p,
    ),
  ];
}

/**
 * `Severity  CRITICAL 1  HIGH 2 …`: a label and its items, continued on indented lines when the
 * width runs out; an item is never split (one longer than a line is cut with `…`).
 */
function labelled(
  label: string,
  items: readonly { readonly text: string; readonly colour: (t: string) => string }[],
  width: number,
  p: Palette,
): string[] {
  const indent = 10;
  const lines: string[] = [];
  let line = p.bold(label) + ' '.repeat(indent - label.length);
  let used = indent;
  let first = true;
  for (const item of items) {
    const text = fit(clean(item.text), width - indent);
    const need = (first ? 0 : 2) + [...text].length;
    if (!first && used + need > width) {
      lines.push(line);
      line = ' '.repeat(indent);
      used = indent;
      first = true;
    }
    line += (first ? '' : '  ') + item.colour(text);
    used += (first ? 0 : 2) + [...text].length;
    first = false;
  }
  lines.push(line);
  return lines;
}

/**
 * A finding's cells, in {@link FINDING_COLUMNS} order (the count is filled when rows are folded);
 * the image or target is left out when the group heading already names it.
 */
function findingCells(f: Finding, headedByTarget: boolean): string[] {
  const pkg = f.package;
  const versions = pkg?.installedVersion
    ? `${pkg.installedVersion}${pkg.fixedVersion ? ` → ${pkg.fixedVersion}` : ''}`
    : pkg?.fixedVersion
      ? `→ ${pkg.fixedVersion}`
      : '';
  const loc = f.location;
  const where = loc ? `${loc.path}:${loc.startLine}${loc.approximate ? ' ~' : ''}` : '';
  // Policy results often have no title but the policy name; their message says what failed.
  const said = f.title === f.id && f.message ? f.message : f.title;
  // Two secrets of one rule in one file differ only by what they matched (masked by the scanner).
  const title = f.match ? `${said}: ${f.match}` : said;
  const flags = `${f.suppressed ? '[suppressed] ' : ''}${f.outcome === 'pass' ? '[pass] ' : ''}`;
  return [
    f.severity,
    '',
    f.id,
    pkg?.name ?? '',
    versions,
    headedByTarget ? '' : imageOrTarget(f),
    where,
    flags + title,
  ].map(clean);
}

/**
 * The heading a finding is listed under: its workload as people think of it (a ReplicaSet's
 * findings under its Deployment, `(inferred)` when found from names), else the object it
 * concerns, else its report object (compliance), else the image, target or file it is about.
 */
function groupLabel(f: Finding, workloadOf: (f: Finding) => WorkloadRef | undefined): string {
  return workloadLabel(f, workloadOf) || imageOrTarget(f) || f.location?.path || f.origin.file || '(unknown)';
}

/** The workload, else the Kubernetes object, else the report object; `''` for none. */
function workloadLabel(f: Finding, workloadOf: (f: Finding) => WorkloadRef | undefined): string {
  const w = workloadOf(f);
  if (w) return `${objectLabel(w)}${w.inferred ? ' (inferred)' : ''}`;
  const r = f.resource;
  if (r) return `${objectLabel(r)}${r.container ? ` [${r.container}]` : ''}`;
  return f.origin.report ? objectLabel(f.origin.report) : '';
}

function worst(list: readonly Finding[]): Severity {
  return list.reduce<Severity>((w, f) => (compareSeverity(f.severity, w) < 0 ? f.severity : w), 'UNKNOWN');
}

/**
 * `Deployment default/web  CRITICAL 3  LOW 1`: a group's label and the severities present in it,
 * counted as the totals count. The label gives way to the counts when the width runs out.
 */
function groupHeading(label: string, list: readonly Finding[], width: number, p: Palette): string {
  const counts = emptyCounts();
  for (const f of list) if (countsTowardTotals(f)) counts[f.severity]++;
  const present = SEVERITIES.filter((s) => counts[s] > 0);
  const tally = present.map((s) => `${s} ${counts[s]}`).join('  ');
  const room = width - (tally ? tally.length + 2 : 0);
  if (room < 12) return p.bold(fit(`${label}  ${tally}`, width));
  const coloured = present.map((s) => p.severity(s, `${s} ${counts[s]}`)).join('  ');
  return `${p.bold(fit(label, room))}${tally ? `  ${coloured}` : ''}`;
}

/**
 * For a vulnerability the image it is in (`registry/repository:tag`), which Trivy's target
 * (`alpine:3.10 (alpine 3.10.2)`) spells longer; else Trivy's target: the file a secret or a
 * misconfiguration is in, the lock file, the check category.
 */
function imageOrTarget(f: Finding): string {
  const a = f.artifact;
  if (a?.repository && (f.type === 'vulnerability' || !f.target)) {
    const at = a.tag ? `:${a.tag}` : a.digest ? `@${a.digest}` : '';
    return `${a.registry && a.registry !== 'index.docker.io' ? `${a.registry}/` : ''}${a.repository}${at}`;
  }
  return f.target ?? '';
}

/** `Deployment default/web`, `ClusterRole admin`: how the table names an object. */
export function objectLabel(o: {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `file:line: message`, safe for a terminal; the commands' stderr uses it. */
export function problemLine(pr: Problem): string {
  return `${clean(pr.source)}${pr.line ? `:${pr.line}` : ''}: ${clean(pr.message)}`;
}

/** Report text is untrusted: drop terminal escapes and control characters, fold newlines and tabs. */
export function clean(text: string): string {
  return text.replace(/\r?\n|\t/g, ' ').replace(CONTROL, '');
}
