// A set of findings the scan viewer opens that is not a file: the cluster's findings of one
// namespace or of one image line, with the filter the page starts with. It travels as the
// viewer's document URI (`trivy-findings:/<context>/<title>?<query as JSON>`), so VS Code keeps
// such a tab like any editor, and a link, a CodeLens or a tree row can open it. No `vscode` here.

/** The URI scheme of finding sets. */
export const FINDING_SET_SCHEME = 'trivy-findings';

export type FindingSetScope =
  /** The findings of the reports of one namespace. */
  | { readonly kind: 'namespace'; readonly namespace: string }
  /**
   * The vulnerabilities the CodeLens of an `image:` line counts: those the core placed on the line
   * (by the digest the cluster's report names), else the cluster's of the same image reference.
   */
  | { readonly kind: 'image'; readonly image: string; readonly document: string; readonly line: number };

export interface FindingSetQuery {
  /** The kubeconfig context whose findings these are. */
  readonly context: string;
  readonly scope: FindingSetScope;
  /** What the page's filter starts with (the user may clear it). */
  readonly filter?: { readonly upgrade?: string; readonly workload?: string };
}

// A URI may come from anywhere (a link, a restored tab): nothing longer is read.
const MAX_TEXT = 4096;

/** The URI's path and query (`vscode.Uri.from({ scheme, path, query })`). */
export function findingSetUriParts(q: FindingSetQuery): { readonly path: string; readonly query: string } {
  const title = q.scope.kind === 'namespace' ? q.scope.namespace : q.scope.image;
  // The tab shows the path's last segment: the namespace or the image, without slashes.
  return { path: `/${q.context}/${title.replace(/\//g, '∕')}`, query: JSON.stringify(q) };
}

/** The query of a finding set's URI, or `undefined` when it is not one (any input: never throws). */
export function parseFindingSetQuery(query: string): FindingSetQuery | undefined {
  if (query.length > MAX_TEXT) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(query);
  } catch {
    return undefined;
  }
  return isFindingSetQuery(value) ? value : undefined;
}

export function isFindingSetQuery(value: unknown): value is FindingSetQuery {
  if (!isObject(value) || !isText(value.context) || !isObject(value.scope)) return false;
  const s = value.scope;
  const scopeOk =
    s.kind === 'namespace'
      ? isText(s.namespace)
      : s.kind === 'image' &&
        isText(s.image) &&
        isText(s.document) &&
        typeof s.line === 'number' &&
        Number.isSafeInteger(s.line) &&
        s.line >= 0;
  if (!scopeOk) return false;
  if (value.filter === undefined) return true;
  const f = value.filter;
  return (
    isObject(f) &&
    (f.upgrade === undefined || isText(f.upgrade)) &&
    (f.workload === undefined || isText(f.workload))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}
