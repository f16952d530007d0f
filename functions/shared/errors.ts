/**
 * The one family of errors the API speaks. Handlers and repositories throw these; the error-handler
 * middleware is the only place that turns them into HTTP.
 */
export type ErrorDetails = Record<string, unknown> | ReadonlyArray<unknown>;

export class AppError extends Error {
  /** Seconds a client should wait before retrying; the error handler sends it as `Retry-After`. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ErrorDetails, code = 'VALIDATION_FAILED') {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid access token is required.') {
    super(401, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, details?: ErrorDetails, code = 'FORBIDDEN') {
    super(403, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'The resource does not exist.', details?: ErrorDetails) {
    super(404, 'NOT_FOUND', message, details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ErrorDetails, code = 'CONFLICT') {
    super(409, code, message, details);
  }
}

/** Another request with the same Idempotency-Key is being processed: retry in a moment. */
export class IdempotencyKeyInProgressError extends ConflictError {
  override readonly retryAfterSeconds = 1;

  constructor() {
    super('A request with this Idempotency-Key is in progress; retry shortly.', undefined, 'IDEMPOTENCY_KEY_IN_PROGRESS');
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${limitBytes} bytes.`, { limitBytes });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  }
}

export class PlanLimitError extends AppError {
  constructor(message: string, details: ErrorDetails) {
    super(402, 'PLAN_LIMIT_EXCEEDED', message, details);
  }
}

/** Every 429 says when to come back (`Retry-After`). */
export class RateLimitError extends AppError {
  override readonly retryAfterSeconds: number;

  /** `retryAfterSeconds` becomes the Retry-After header; `headers` are more answer headers (the RateLimit fields). */
  constructor(
    message = 'Too many requests; retry later.',
    retryAfterSeconds = 60,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    const wait = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, 'RATE_LIMITED', message, { retryAfterSeconds: wait });
    this.retryAfterSeconds = wait;
  }
}

/** Every 503 says when to come back (`Retry-After`): a dependency that failed may answer again soon. */
export class ServiceUnavailableError extends AppError {
  override readonly retryAfterSeconds: number;

  constructor(code: string, message: string, retryAfterSeconds = 30) {
    super(503, code, message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetails };
  requestId: string;
}

/** Unknown errors never leak their message: they are logged with the request id and answered 500. */
export function toErrorBody(err: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    const error: ErrorBody['error'] = { code: err.code, message: err.message };
    if (err.details !== undefined) error.details = err.details;
    return { status: err.status, body: { error, requestId } };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side.' }, requestId },
  };
}

/**
 * A thrown value's name and message for logs and job records. Anything may be thrown, not only an
 * Error; a cast would log `undefined` (or throw on `null`).
 */
export function errorParts(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  if (typeof err === 'object' && err !== null) {
    const name = 'name' in err ? err.name : undefined;
    const message = 'message' in err ? err.message : undefined;
    return { name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : '' };
  }
  return { name: 'Error', message: typeof err === 'string' ? err : '' };
}
