import type { Line1 } from '../model/lines.js';
import type { Problem } from '../model/problem.js';
import { buildManifestIndex, type ManifestIndex, type ManifestObject } from '../manifests/manifestIndex.js';
import { blankTemplateActions, hasTemplateActions } from './templateActions.js';

/**
 * What a workspace file turned out to be, told by its content (never by its name):
 *  - `manifests`: YAML or JSON holding Kubernetes objects (`apiVersion` and `kind`);
 *  - `template`: a Helm (Go) template, which parses better once its `{{ … }}` actions are blanked
 *    out, and is indexed so; its YAML errors are not reported, since it is YAML only after rendering;
 *  - `other`: anything else (plain YAML, JSON, a Dockerfile, a file too large to index). It holds
 *    no objects and reports nothing, but findings whose location names it are still placed by line.
 */
export type ManifestFileKind = 'manifests' | 'template' | 'other';

/** One file of a workspace as indexed: plain data, kept for as long as the file is unchanged. */
export interface ManifestFile {
  readonly path: string;
  readonly kind: ManifestFileKind;
  /** The objects of the file in file order (empty for `other`). */
  readonly objects: readonly ManifestObject[];
  /** YAML errors of a `manifests` file, or why the file was not indexed; never noise from non-Kubernetes files. */
  readonly problems: readonly Problem[];
  readonly lineCount: number;
}

export interface ManifestFileOptions {
  /** Larger texts are not parsed (default {@link DEFAULT_MAX_MANIFEST_CHARS}); the file is `other`. */
  readonly maxChars?: number;
}

/**
 * 4 Mi characters: more than the largest single manifests people keep (CRD bundles of ~1–3 MB),
 * while an index costs about 25 times its text in heap, so one file cannot take gigabytes.
 */
export const DEFAULT_MAX_MANIFEST_CHARS = 4 * 1024 * 1024;

/**
 * Reads one file's text into its {@link ManifestFile} and its index. Never throws: a text that
 * the YAML parser cannot take is a problem on the file. The index of an `other` file holds only
 * its lines, so a large JSON or a Dockerfile costs no parse tree.
 */
export function readManifestFile(
  path: string,
  text: string,
  options: ManifestFileOptions = {},
): { readonly file: ManifestFile; readonly index: ManifestIndex } {
  const maxChars = options.maxChars ?? DEFAULT_MAX_MANIFEST_CHARS;
  if (text.length > maxChars) {
    const problems: Problem[] = looksLikeKubernetes(text.slice(0, 64 * 1024))
      ? [
          {
            level: 'warning',
            message: `not indexed: ${text.length} characters is over the limit of ${maxChars}`,
            source: path,
          },
        ]
      : [];
    return other(path, text, problems);
  }
  // Every Kubernetes object says `kind`; a text without the word is not worth a parse.
  if (!text.includes('kind')) return other(path, text, []);
  let index: ManifestIndex;
  let template = false;
  try {
    index = buildManifestIndex(text, path);
    // A Helm template is not YAML until rendered. Alert rules and the like carry template text in
    // their strings and parse as they are: a text is a template only when blanking its actions
    // makes it parse better.
    if (hasTemplateActions(text) && errorsOf(index) > 0) {
      const blanked = buildManifestIndex(blankTemplateActions(text), path);
      if (errorsOf(blanked) < errorsOf(index)) {
        index = blanked;
        template = true;
      }
    }
  } catch (err) {
    // The index does not throw on any YAML we know of; this keeps a parser fault on one file.
    const problem: Problem = {
      level: 'error',
      message: `not indexed: the YAML parser failed (${err instanceof Error ? err.message : String(err)})`,
      source: path,
    };
    return other(path, text, looksLikeKubernetes(text) ? [problem] : []);
  }
  const kubernetes =
    index.objects.some((o) => o.kind !== undefined && o.apiVersion !== undefined) ||
    looksLikeKubernetes(text);
  if (!template && !kubernetes) return other(path, text, []);
  const file: ManifestFile = {
    path,
    kind: template ? 'template' : 'manifests',
    objects: index.objects,
    problems: template ? [] : index.problems,
    lineCount: index.lineCount,
  };
  return { file, index };
}

function errorsOf(index: ManifestIndex): number {
  return index.problems.filter((p) => p.level === 'error').length;
}

/** A top-level `apiVersion:` or `kind:` key (YAML) or `"apiVersion":` (JSON) at a line start. */
const KUBERNETES_KEY = /^(?:apiVersion|kind|"apiVersion"|"kind")\s*:/m;

/** Whether a text means to hold Kubernetes objects, even where it does not parse. */
function looksLikeKubernetes(text: string): boolean {
  return KUBERNETES_KEY.test(text) || /^\s*\{\s*"(?:apiVersion|kind)"\s*:/.test(text);
}

function other(
  path: string,
  text: string,
  problems: readonly Problem[],
): { readonly file: ManifestFile; readonly index: ManifestIndex } {
  const lineCount = countLines(text);
  return {
    file: { path, kind: 'other', objects: [], problems, lineCount },
    index: linesOnlyIndex(path, lineCount),
  };
}

/** Line starts, as the YAML parser counts them: one more than the line breaks. */
function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The index of a file without objects: enough for `rangeForFinding` to place findings by their lines. */
function linesOnlyIndex(path: string, lineCount: number): ManifestIndex {
  return {
    path,
    objects: [],
    problems: [],
    lineCount,
    find: () => [],
    objectAt: (_line: Line1) => undefined,
    lookup: () => undefined,
    podSpecPath: () => undefined,
    containers: () => [],
  };
}
