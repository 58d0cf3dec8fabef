import pc from 'picocolors';
import type { Finding } from '../model/finding.js';
import type { Problem } from '../model/problem.js';
import type { WorkloadRef } from '../model/workloadRef.js';
import { compareSeverity, emptyCounts, SEVERITIES, type Severity } from '../model/severity.js';

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

/**
 * The human table: findings grouped by the object they concern (Kubernetes resource, else
 * file/target), most severe first, with a per-group and total severity summary. Report text
 * goes out as plain text (problems go to stderr, never into it); control characters are replaced so a report cannot drive the terminal.
 */
export function renderTable(
  findings: readonly Finding[],
  p: Palette,
  groupOf: (f: Finding) => string = groupKey,
): string {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = groupOf(f);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  const out: string[] = [];
  const sortedGroups = [...groups.entries()].sort(
    (a, b) => compareSeverity(worst(a[1]), worst(b[1])) || a[0].localeCompare(b[0]),
  );
  for (const [key, list] of sortedGroups) {
    list.sort((a, b) => compareSeverity(a.severity, b.severity) || a.id.localeCompare(b.id));
    out.push(`${p.bold(clean(key))}  ${summary(list, p)}`);
    for (const f of list) {
      const where = f.location
        ? p.dim(
            ` ${clean(f.location.path)}:${f.location.startLine}${f.location.approximate ? ' (approx.)' : ''}`,
          )
        : '';
      const pkg = f.package
        ? p.dim(
            ` ${clean(f.package.name)} ${clean(f.package.installedVersion ?? '')}${f.package.fixedVersion ? ` → ${clean(f.package.fixedVersion)}` : ''}`,
          )
        : '';
      const flags =
        (f.suppressed ? p.dim(' [suppressed]') : '') + (f.outcome === 'pass' ? p.dim(' [pass]') : '');
      // Policy results often have no title but the policy name; their message says what failed.
      const title = f.title === f.id && f.message ? f.message : f.title;
      out.push(
        `  ${p.severity(f.severity, f.severity.padEnd(8))} ${clean(f.id).padEnd(16)} ${clean(title)}${pkg}${where}${flags}`,
      );
    }
    out.push('');
  }
  out.push(`${findings.length} finding(s)  ${summary(findings, p)}`);
  return out.join('\n') + '\n';
}

/** Groups by the Kubernetes object, else the report object (compliance), else the scanned target or file. */
export function groupKey(f: Finding): string {
  const r = f.resource;
  if (r) return `${objectLabel(r)}${r.container ? ` [${r.container}]` : ''}`;
  if (f.origin.report) return objectLabel(f.origin.report);
  return f.target ?? f.location?.path ?? f.origin.file ?? '(unknown)';
}

/**
 * Groups under the workload, as people think (a ReplicaSet's findings under its Deployment,
 * marked `(inferred)` when found from names); findings about no Kubernetes object by {@link groupKey}.
 * Both commands' tables group so.
 */
export function workloadGroupKey(
  workloadOf: (f: Finding) => WorkloadRef | undefined,
): (f: Finding) => string {
  return (f) => {
    const w = workloadOf(f);
    return w ? `${objectLabel(w)}${w.inferred ? ' (inferred)' : ''}` : groupKey(f);
  };
}

/** `Deployment default/web`, `ClusterRole admin`: how the table names an object. */
export function objectLabel(o: {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function worst(list: readonly Finding[]): Severity {
  return list.reduce<Severity>((w, f) => (compareSeverity(f.severity, w) < 0 ? f.severity : w), 'UNKNOWN');
}

function summary(list: readonly Finding[], p: Palette): string {
  const counts = emptyCounts();
  for (const f of list) counts[f.severity]++;
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => p.severity(s, `${s[0]}:${counts[s]}`))
    .join(' ');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `file:line: message`, safe for a terminal; the table and the commands' stderr both use it. */
export function problemLine(pr: Problem): string {
  return `${clean(pr.source)}${pr.line ? `:${pr.line}` : ''}: ${clean(pr.message)}`;
}

/** Report text is untrusted: drop terminal escapes and control characters, fold newlines. */
export function clean(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(CONTROL, '');
}
