import { ERROR_STATUS, type ErrorCode } from "@engawa/shared";

/**
 * The one error type that reaches clients. Anything else thrown becomes `internal_error`
 * without details (ARCHITECTURE.md, Conventions: no stack traces or internals reach a client).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  /** Seconds to wait before retrying, sent as `Retry-After` (429). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
