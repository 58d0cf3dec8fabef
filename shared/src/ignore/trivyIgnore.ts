import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { FindingType } from '../model/finding.js';
import { line1, type Line1 } from '../model/lines.js';
import type { Parsed, Problem } from '../model/problem.js';
import { inputFault } from '../text/inputGuard.js';
import { isValidGlob } from './glob.js';
import { parsePurl } from './purl.js';

/**
 * Trivy's ignore files, as its "Filtering" documentation and `pkg/result/ignore.go` define them:
 *  - `.trivyignore`: one id per line, `#` comment lines, an optional `exp:YYYY-MM-DD` field after
 *    the id (a line whose date does not parse is skipped); its ids apply to every scanner.
 *  - `.trivyignore.yaml` (any `.yml`/`.yaml` name, chosen by extension as Trivy does):
 *    `vulnerabilities`, `misconfigurations`, `secrets`, `licenses`, each a list of entries with
 *    `id`, `paths` (globs), `purls` (vulnerabilities only), `statement` and `expired_at`. Newer
 *    Trivy accepts entries without `id` when they have `paths` or `purls`.
 */
export const IGNORE_SECTIONS = ['vulnerabilities', 'misconfigurations', 'secrets', 'licenses'] as const;
export type IgnoreSection = (typeof IGNORE_SECTIONS)[number];

export interface IgnoreEntry {
  /** The sections it applies to: its own in YAML, all four for a `.trivyignore` line. */
  readonly sections: readonly IgnoreSection[];
  /** Absent for YAML entries that ignore by `paths`/`purls` alone. */
  readonly id?: string;
  readonly paths: readonly string[];
  readonly purls: readonly string[];
  readonly statement?: string;
  /** The expiry as written (`YYYY-MM-DD`); the entry stops applying once that day begins (UTC), as in Trivy. */
  readonly expiresAt?: string;
  /** Where the entry is in the file. */
  readonly line: Line1;
}

export interface TrivyIgnoreFile {
  readonly format: IgnoreFormat;
  readonly entries: readonly IgnoreEntry[];
}

export type IgnoreFormat = 'plain' | 'yaml';

/** Trivy reads the file as YAML when its extension is `.yml` or `.yaml`, as plain text otherwise. */
export function ignoreFormatOf(path: string): IgnoreFormat {
  return /\.ya?ml$/i.test(path) ? 'yaml' : 'plain';
}

/** The section of the YAML file that holds ignores for a finding type; `undefined` when Trivy has none. */
export function ignoreSectionFor(type: FindingType): IgnoreSection | undefined {
  switch (type) {
    case 'vulnerability':
      return 'vulnerabilities';
    case 'misconfiguration':
    case 'rbac':
    case 'infra':
      return 'misconfigurations';
    case 'secret':
      return 'secrets';
    case 'license':
      return 'licenses';
    default:
      return undefined;
  }
}

/** Milliseconds since the epoch at which an entry expires, or `undefined` when it never does / the date is invalid. */
export function expiryTime(expiresAt: string | undefined): number | undefined {
  if (expiresAt === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expiresAt);
  if (m) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Date.UTC rolls 2024-02-30 over to March; a date that does not round-trip is not a date.
    return new Date(t).toISOString().slice(0, 10) === expiresAt ? t : undefined;
  }
  // yaml.v3 also decodes full RFC 3339 timestamps into `expired_at`.
  const t = /^\d{4}-\d{2}-\d{2}[Tt ]\d/.test(expiresAt) ? Date.parse(expiresAt) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** Reads an ignore file; never throws. Entries Trivy would reject are left out with a problem. */
export function readTrivyIgnore(
  text: string,
  path: string,
  format: IgnoreFormat = ignoreFormatOf(path),
): Parsed<TrivyIgnoreFile> {
  return format === 'yaml' ? readYaml(text, path) : readPlain(text, path);
}

function readPlain(text: string, path: string): Parsed<TrivyIgnoreFile> {
  const entries: IgnoreEntry[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    const exp = fields.find((f) => f.startsWith('exp:'))?.slice(4);
    const line = line1(i + 1);
    if (exp !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(exp) || expiryTime(exp) === undefined)) {
      problems.push({
        level: 'warning',
        message: `expiry date "${exp}" is not YYYY-MM-DD; Trivy skips this line`,
        source: path,
        line,
      });
      return;
    }
    entries.push({
      sections: IGNORE_SECTIONS,
      id: fields[0]!,
      paths: [],
      purls: [],
      ...(exp ? { expiresAt: exp } : {}),
      line,
    });
  });
  return { value: { format: 'plain', entries }, problems };
}

const ENTRY_FIELDS = new Set(['id', 'paths', 'purls', 'statement', 'expired_at']);

function readYaml(text: string, path: string): Parsed<TrivyIgnoreFile> {
  const entries: IgnoreEntry[] = [];
  const problems: Problem[] = [];
  const fault = inputFault(text, 'yaml');
  if (fault) {
    problems.push({
      level: 'error',
      message: `${fault.message}, nothing ignored`,
      source: path,
      line: line1(fault.line ?? 1),
    });
    return { value: { format: 'yaml', entries }, problems };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const lineOf = (offset: number | undefined): Line1 => line1(Math.max(1, lines.linePos(offset ?? 0).line));
  const problem = (level: Problem['level'], message: string, offset?: number): void => {
    problems.push({ level, message, source: path, line: lineOf(offset) });
  };
  const result = (): Parsed<TrivyIgnoreFile> => ({ value: { format: 'yaml', entries }, problems });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    problem('error', `malformed YAML, nothing ignored: ${e.message.split('\n')[0]}`, e.pos[0]);
    return result();
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return result();
  if (!isMap(root)) {
    problem(
      'error',
      'the file must be a mapping of vulnerabilities, misconfigurations, secrets and licenses',
      root.range?.[0],
    );
    return result();
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const at = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    if (!key || !(IGNORE_SECTIONS as readonly string[]).includes(key)) {
      problem(
        'warning',
        `unknown section "${key ?? '?'}" ignored (Trivy reads ${IGNORE_SECTIONS.join(', ')})`,
        at,
      );
      continue;
    }
    const section = key as IgnoreSection;
    const list = pair.value;
    if (list === null || (isScalar(list) && list.value === null)) continue;
    if (!isSeq(list)) {
      problem('error', `"${section}" must be a list of entries`, at);
      continue;
    }
    for (const item of list.items) {
      const offset = (item as { range?: [number, number, number] } | null)?.range?.[0];
      const value: unknown = isMap(item) ? item.toJS(doc, { maxAliasCount: 100 }) : undefined;
      const entry = readEntry(value, section, lineOf(offset), (message, level = 'error') =>
        problem(level, message, offset),
      );
      if (entry) entries.push(entry);
    }
  }
  return result();
}

function readEntry(
  value: unknown,
  section: IgnoreSection,
  line: Line1,
  report: (message: string, level?: Problem['level']) => void,
): IgnoreEntry | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report(
      `an entry of "${section}" must be a mapping with id, paths, purls, statement, expired_at; skipped`,
    );
    return undefined;
  }
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v)) if (!ENTRY_FIELDS.has(k)) report(`unknown field "${k}" ignored`, 'warning');
  const id = scalar(v.id);
  const paths = strings(v.paths);
  const purls = strings(v.purls);
  if (paths === undefined || purls === undefined) {
    report('paths and purls must be lists of strings; entry skipped');
    return undefined;
  }
  if (!id && paths.length === 0 && purls.length === 0) {
    report('an entry must specify at least one of id, paths or purls; skipped');
    return undefined;
  }
  const badPath = paths.find((p) => !isValidGlob(p));
  if (badPath !== undefined) {
    report(`invalid path pattern "${badPath}"; entry skipped`);
    return undefined;
  }
  const badPurl = purls.find((p) => parsePurl(p) === undefined);
  if (badPurl !== undefined) {
    report(`invalid package URL "${badPurl}"; entry skipped`);
    return undefined;
  }
  const rawExpiry = v.expired_at instanceof Date ? v.expired_at.toISOString() : scalar(v.expired_at);
  if (rawExpiry !== undefined && expiryTime(rawExpiry) === undefined) {
    report(`expired_at "${rawExpiry}" is not a date (YYYY-MM-DD); entry skipped`);
    return undefined;
  }
  const statement = scalar(v.statement);
  return {
    sections: [section],
    ...(id ? { id } : {}),
    paths,
    purls,
    ...(statement ? { statement } : {}),
    ...(rawExpiry ? { expiresAt: rawExpiry } : {}),
    line,
  };
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A list of strings; `[]` when absent; `undefined` when it is something else. */
function strings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
  return v as string[];
}
