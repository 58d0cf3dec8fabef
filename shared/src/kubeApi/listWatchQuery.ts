import type { ListPageRequest, WatchRequest } from '../ports/kubeTransport.js';

/** A request's query parameters; `undefined` ones are not sent. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** The query of one list page, as kubectl and client-go's pager send it. */
export function listQuery(page: ListPageRequest): Query {
  return { limit: page.limit, continue: page.continue };
}

/**
 * The query of a watch. Bookmarks are asked for, as client-go's reflector does, so a quiet kind's
 * resourceVersion still moves on and a reconnect does not start from one the server compacted.
 */
export function watchQuery(request: WatchRequest): Query {
  return {
    watch: true,
    resourceVersion: request.resourceVersion,
    allowWatchBookmarks: true,
    timeoutSeconds: request.timeoutSeconds,
  };
}
