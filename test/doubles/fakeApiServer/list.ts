import type { Cluster } from './cluster.js';
import type { Matcher } from './selectors.js';
import { ApiError, badRequest, expired } from './status.js';
import type { KubeObj, ResourceType } from './types.js';

/** The list parameters of `metav1.ListOptions` this server honours. */
export interface ListParams {
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
  readonly limit?: number;
  readonly continueToken?: string;
  readonly labels: Matcher;
  readonly fields: Matcher;
  /** Whether a selector was given: the server leaves out remainingItemCount then. */
  readonly filtered: boolean;
}

export interface ListResult {
  readonly items: KubeObj[];
  readonly resourceVersion: string;
  readonly continueToken?: string;
  readonly remainingItemCount?: number;
}

/** The continue token's content, shaped like apiserver's (`storage.continueToken`). */
interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (token.v === 'meta.k8s.io/v1' && typeof token.rv === 'number' && typeof token.start === 'string')
      return token as ContinueToken;
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function keyOf(obj: KubeObj): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

function parseRv(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n))
    throw badRequest(`invalid resource version: ${JSON.stringify(text)}`);
  return n;
}

/** `storage.NewTooLargeResourceVersionError`: the client asked for a future the server has not seen. */
function tooLarge(requested: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
  });
}

/**
 * A list with the real resourceVersion semantics (API Concepts, "Semantics for get and list"):
 * unset = most recent; "0" = any (served whole, the limit ignored, as from the watch cache);
 * other values = not older than, except with `resourceVersionMatch=Exact` or with a limit and no
 * match, which mean exactly that version (410 Expired once compacted). Pages follow etcd key
 * order and each continue token pins the first page's resourceVersion.
 */
export function listObjects(
  cluster: Cluster,
  rt: ResourceType,
  namespace: string | undefined,
  params: ListParams,
): ListResult {
  const store = cluster.store;
  const { resourceVersion: rvText, resourceVersionMatch: match } = params;
  if (match !== undefined && match !== '' && match !== 'Exact' && match !== 'NotOlderThan') {
    throw badRequest(
      `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
    );
  }
  if (match && !rvText)
    throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (match === 'Exact' && rvText === '0')
    throw badRequest('resourceVersionMatch "exact" is forbidden for resourceVersion "0"');

  let items: KubeObj[] | undefined;
  let listRv: number;
  let start = '';
  const limit = rvText === '0' ? undefined : params.limit;
  if (params.continueToken) {
    if (rvText && rvText !== '0')
      throw badRequest('specifying resource version is not allowed when using continue');
    const token = decodeContinue(params.continueToken);
    items = store.listAt(rt, token.rv, namespace);
    if (!items) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    listRv = token.rv;
    start = token.start;
  } else if (
    rvText &&
    rvText !== '0' &&
    (match === 'Exact' || (!match && limit !== undefined && limit > 0))
  ) {
    listRv = parseRv(rvText);
    if (listRv > store.currentRv) throw tooLarge(listRv, store.currentRv);
    items = store.listAt(rt, listRv, namespace);
    if (!items) throw expired('The resourceVersion for the provided list is too old.');
  } else {
    if (rvText && rvText !== '0') {
      const wanted = parseRv(rvText);
      if (wanted > store.currentRv) throw tooLarge(wanted, store.currentRv);
    }
    listRv = store.currentRv;
    items = store.list(rt, namespace);
  }

  let matching = items.filter((o) => params.labels(o) && params.fields(o));
  if (start) matching = matching.filter((o) => keyOf(o) >= start);
  if (limit === undefined || limit <= 0 || matching.length <= limit) {
    return { items: matching, resourceVersion: String(listRv) };
  }
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    resourceVersion: String(listRv),
    // "\0" after the last key: the next page starts strictly after it, as etcd's range does.
    continueToken: encodeContinue(listRv, `${last ? keyOf(last) : ''}\u0000`),
    ...(params.filtered ? {} : { remainingItemCount: matching.length - limit }),
  };
}
