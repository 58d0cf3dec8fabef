import { ClusterUnreachableError } from '../ports/clusterSource.js';
import type { KubeTransport } from '../ports/kubeTransport.js';

/** One page of a list. Every page of one list carries the first page's resourceVersion. */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly resourceVersion: string;
  /** The list is complete with this page. */
  readonly last: boolean;
}

export interface ListPagesOptions {
  /** Objects per page (`limit`). */
  readonly limit: number;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

interface ListBody {
  metadata?: { resourceVersion?: unknown; continue?: unknown };
  items?: unknown;
}

/**
 * The one paging loop (`limit`/`continue`, as client-go's `pager`), over either transport: yields
 * the pages of a list in order, asking for the next page before handing out the current one, so
 * the server encodes it while the caller reads. Rejects like the transport's `listPage`; a 410 on
 * a continue token (the list's resourceVersion was compacted) is the caller's to answer with a
 * new list. Stopping early (a `break`, a throw) abandons the page in flight.
 */
export async function* listPages<T>(
  transport: Pick<KubeTransport, 'server' | 'listPage'>,
  path: string,
  options: ListPagesOptions,
): AsyncGenerator<ListPage<T>, void, undefined> {
  const inFlight = new AbortController();
  const abort = () => inFlight.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const page = (token: string | undefined): Promise<ListBody> => {
    const body = transport
      .listPage(
        path,
        {
          limit: options.limit,
          ...(token !== undefined ? { continue: token } : {}),
          ...(options.accept ? { accept: options.accept } : {}),
        },
        inFlight.signal,
      )
      .then((b) => (typeof b === 'object' && b !== null ? (b as ListBody) : {}));
    body.catch(() => undefined); // awaited below; this only keeps an abandoned page from being "unhandled"
    return body;
  };
  try {
    const seen = new Set<string>();
    let next: Promise<ListBody> | undefined = page(undefined);
    while (next) {
      const body: ListBody = await next;
      const token = typeof body.metadata?.continue === 'string' ? body.metadata.continue : '';
      if (token !== '' && seen.has(token)) {
        // A server (or proxy) that hands out a token twice would page forever.
        throw new ClusterUnreachableError(transport.server, `${path}: a continue token came twice`);
      }
      seen.add(token);
      next = token ? page(token) : undefined;
      yield {
        items: Array.isArray(body.items) ? (body.items as T[]) : [],
        resourceVersion:
          typeof body.metadata?.resourceVersion === 'string' ? body.metadata.resourceVersion : '',
        last: !token,
      };
    }
  } finally {
    options.signal?.removeEventListener('abort', abort);
    inFlight.abort();
  }
}
