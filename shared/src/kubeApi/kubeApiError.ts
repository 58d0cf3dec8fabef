// The API server's error answers as errors: pure, so that every transport (client-node's requests in
// Node, a Lens cluster frame's proxy) reads them alike.
/**
 * The API server answered with an error: an HTTP status, or a watch ERROR event. `serverMessage`
 * is the server's own (`Status.message`, or the text of a plain-text answer).
 */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly reason?: string,
    /** `Retry-After` (seconds), from the header or the Status' `details.retryAfterSeconds`. */
    readonly retryAfterSeconds?: number,
    /** `details.causes[].reason` of the Status. */
    readonly causes: readonly string[] = [],
  ) {
    super(`${status}${reason ? ` ${reason}` : ''}: ${serverMessage}`);
    this.name = 'KubeApiError';
  }
}

/** An error answer as a transport received it. */
export interface ErrorAnswer {
  readonly status: number;
  /** The start of its body. */
  readonly text: string;
  readonly contentType: string;
  /** The HTTP status text, when the transport has one. */
  readonly statusText?: string;
  readonly retryAfter?: string;
}

/** The error an answer carries: its `Status`, or for a plain-text answer (429 of max-inflight) its text. */
export function apiErrorOfAnswer(answer: ErrorAnswer): KubeApiError {
  const { status, text } = answer;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const plain = /^text\/plain\b/i.test(answer.contentType)
    ? text.trim().split('\n')[0]?.slice(0, 200)
    : undefined;
  const fallback = plain || answer.statusText || `HTTP ${status}`;
  const error = apiErrorFromStatus(status, body, fallback, answer.retryAfter);
  if (error.reason !== undefined || REASON_OF_CODE[status] === undefined) return error;
  // Not a Status (a proxy's or a filter's answer): named as client-go names it, `NewGenericServerResponse`.
  return new KubeApiError(
    status,
    error.serverMessage,
    REASON_OF_CODE[status],
    error.retryAfterSeconds,
    error.causes,
  );
}

const REASON_OF_CODE: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};
/**
 * A {@link KubeApiError} from a `metav1.Status` (an error answer's body, or the object of a watch
 * ERROR event) and the HTTP status, or the Status' own `code` for an event. `retryAfterHeader` is
 * read as client-go's `retryAfterSeconds` does: whole seconds, else ignored.
 */
export function apiErrorFromStatus(
  code: number,
  status: unknown,
  fallbackMessage: string,
  retryAfterHeader?: string,
): KubeApiError {
  const s = (typeof status === 'object' && status !== null ? status : {}) as {
    message?: unknown;
    reason?: unknown;
    details?: { retryAfterSeconds?: unknown; causes?: unknown };
  };
  const header = retryAfterHeader !== undefined && /^\d+$/.test(retryAfterHeader.trim());
  const detail = s.details?.retryAfterSeconds;
  const retryAfter = header
    ? Number(retryAfterHeader)
    : typeof detail === 'number' && Number.isInteger(detail) && detail > 0
      ? detail
      : undefined;
  const causes = Array.isArray(s.details?.causes)
    ? s.details.causes.flatMap((c: { reason?: unknown }) => (typeof c?.reason === 'string' ? [c.reason] : []))
    : [];
  return new KubeApiError(
    code,
    typeof s.message === 'string' && s.message !== '' ? s.message : fallbackMessage,
    typeof s.reason === 'string' && s.reason !== '' ? s.reason : undefined,
    retryAfter,
    causes,
  );
}

// Reasons apimachinery knows; a 410 with another reason still counts as expired (`IsResourceExpired`).
const KNOWN_REASONS = new Set([
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'AlreadyExists',
  'Conflict',
  'Gone',
  'Invalid',
  'ServerTimeout',
  'StoreReadError',
  'Timeout',
  'TooManyRequests',
  'BadRequest',
  'MethodNotAllowed',
  'NotAcceptable',
  'RequestEntityTooLarge',
  'UnsupportedMediaType',
  'InternalError',
  'Expired',
  'ServiceUnavailable',
]);

/**
 * Whether the server no longer has (or never had) the resourceVersion a list or watch asked for,
 * so the only way on is a fresh list: client-go's reflector relists on `isExpiredError` (reason
 * `Expired`, or `Gone` from servers before 1.18, or a 410 with an unknown reason) and on
 * `isTooLargeResourceVersionError` (cause `ResourceVersionTooLarge`, or a 504 `Timeout` saying
 * "Too large resource version" from servers before 1.18.6).
 */
export function isStaleResourceVersion(err: unknown): boolean {
  if (!(err instanceof KubeApiError)) return false;
  if (err.reason === 'Expired' || err.reason === 'Gone') return true;
  if (err.status === 410 && (err.reason === undefined || !KNOWN_REASONS.has(err.reason))) return true;
  if (err.causes.includes('ResourceVersionTooLarge')) return true;
  return err.reason === 'Timeout' && err.serverMessage.includes('Too large resource version');
}

/**
 * A failure that is no answer of the server, for a status message: `ECONNREFUSED 127.0.0.1:6443`
 * rather than Node's longer texts; TLS errors keep their message.
 */
export function describeNetworkError(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: string; message?: string };
  if (e.code && e.message && !e.message.includes(e.code)) return `${e.code}: ${e.message}`;
  return e.message ?? String(err);
}
