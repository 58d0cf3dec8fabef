import { listQuery } from '../kubeApi/listWatchQuery.js';
import type {
  ListPageRequest,
  ObjectRequest,
  KubeTransport,
  StreamEnd,
  WatchEvent,
  WatchRequest,
} from '../ports/kubeTransport.js';
import type { KubeCredentials } from './kubeCredentials.js';
import { kubeRequest } from './kubeRequest.js';
import { openWatchStream } from './kubeWatchStream.js';

/**
 * The core's transport over client-node's credentials: every request through
 * `kubeRequest`/`kubeResponse`, so a 401 renews the credentials once and a short `Retry-After` is
 * waited out there (see `kubeResponse`); the loop sees what remains.
 */
export class NodeKubeTransport implements KubeTransport {
  constructor(private readonly credentials: KubeCredentials) {}

  get server(): string {
    return this.credentials.server ?? '(none)';
  }

  request(path: string, options: ObjectRequest = {}): Promise<unknown> {
    return kubeRequest(this.credentials, path, options);
  }

  listPage(path: string, page: ListPageRequest, signal: AbortSignal): Promise<unknown> {
    return kubeRequest(this.credentials, path, {
      query: listQuery(page),
      signal,
      ...(page.accept ? { accept: page.accept } : {}),
    });
  }

  watch(
    path: string,
    request: WatchRequest,
    signal: AbortSignal,
    onEvent: (event: WatchEvent) => void,
  ): Promise<{ readonly ended: Promise<StreamEnd> }> {
    return openWatchStream(this.credentials, path, request, signal, onEvent);
  }
}
