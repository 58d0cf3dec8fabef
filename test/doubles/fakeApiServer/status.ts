import { qualifiedResource } from './types.js';

/** A `meta/v1 Status` object, the body of every error the real API server sends. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
    /** Also sent as the `Retry-After` header (`responsewriters.ErrorNegotiated`). */
    retryAfterSeconds?: number;
  };
  code: number;
}

/**
 * An error that becomes a `Status` response. Messages follow apimachinery's
 * `k8s.io/apimachinery/pkg/api/errors` constructors word for word, because kubectl prints them
 * and the product shows them to users.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** `errors.NewNotFound`: `vulnerabilityreports.aquasecurity.github.io "x" not found`. */
export function notFound(group: string, plural: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, {
    name,
    group,
    kind: plural,
  });
}

/** What the server answers for a path no handler serves (unknown group, version or resource). */
export function resourceNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** `errors.NewAlreadyExists`. */
export function alreadyExists(group: string, plural: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, {
    name,
    group,
    kind: plural,
  });
}

/** `errors.NewConflict` with the storage's optimistic-concurrency message. */
export function conflict(group: string, plural: string, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, plural)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: plural },
  );
}

/** `errors.NewBadRequest`. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** `errors.NewResourceExpired` (410 Gone, reason Expired). */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** The watch cache's answer to a resourceVersion it no longer holds (`storage.NewTooLargeResourceVersionError`'s sibling). */
export function tooOldResourceVersion(requested: number, oldest: number): ApiError {
  return expired(`too old resource version: ${requested} (${oldest})`);
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export function methodNotSupported(group: string, plural: string, verb: string): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${qualifiedResource(group, plural)}"`,
    {
      group,
      kind: plural,
    },
  );
}

/**
 * `negotiation.NewNotAcceptableError`: no media type the client accepts can be served, or the
 * conversion it asked for does not apply (`as=PartialObjectMetadata` for a list).
 */
export function notAcceptable(message: string): ApiError {
  return new ApiError(406, 'NotAcceptable', message);
}

/** What a test makes the fake answer with: the fields of a `Status` apimachinery's constructors fill. */
export interface FaultStatus {
  code: number;
  /** `InternalError`, `TooManyRequests`, `ServiceUnavailable`, `Expired` … */
  reason: string;
  message: string;
  retryAfterSeconds?: number;
  causes?: Array<{ reason?: string; message?: string }>;
}

/** A Status as `errors.NewInternalError`, `NewTooManyRequests`, `NewServiceUnavailable` … build it. */
export function faultError(status: FaultStatus): ApiError {
  const details =
    status.retryAfterSeconds !== undefined || status.causes
      ? {
          ...(status.causes ? { causes: status.causes } : {}),
          ...(status.retryAfterSeconds !== undefined ? { retryAfterSeconds: status.retryAfterSeconds } : {}),
        }
      : undefined;
  return new ApiError(status.code, status.reason, status.message, details);
}
