import { isErrorCode, type ErrorCode } from "@engawa/shared";

/** Codes the client itself produces, next to the server's stable `ErrorCode`s. */
export type ClientErrorCode =
  ErrorCode | "network_error" | "generic" | "passkey_cancelled" | "passkey_unsupported";

/**
 * A failed API call, already reduced to what the UI may show: a stable code (translated with
 * `errors.<code>`), the offending field if the server named one, and Retry-After for 429.
 * The server's English `message` is kept only for logs; the UI never shows raw server text.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: ClientErrorCode;
    message?: string;
    field?: string | undefined;
    retryAfterSeconds?: number | undefined;
    requestId?: string | undefined;
  }) {
    super(init.message ?? init.code);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requestId = init.requestId;
  }
}

/** The methods the API uses; all but GET change state and so carry the CSRF header. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Options of one API call. */
export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON; omitted entirely (no content-type) when undefined. */
  body?: unknown;
  /** The session's CSRF token; required by the server on every state-changing request. */
  csrfToken?: string | undefined;
  signal?: AbortSignal;
  /** Lets the request finish after the page is gone (a goodbye sent while the tab closes). */
  keepalive?: boolean;
}

/** The header the server checks on state-changing requests (gateway/enforce.ts). */
export const CSRF_HEADER = "x-engawa-csrf";

interface ErrorPayload {
  error?: { code?: unknown; message?: unknown; field?: unknown; requestId?: unknown };
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get("retry-after");
  const retry = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  const payload = (await response.json().catch(() => null)) as ErrorPayload | null;
  const error = payload?.error;
  const rawCode = typeof error?.code === "string" ? error.code : "";
  return new ApiError({
    status: response.status,
    code: isErrorCode(rawCode) ? rawCode : response.status === 401 ? "unauthenticated" : "generic",
    message: typeof error?.message === "string" ? error.message : response.statusText,
    field: typeof error?.field === "string" ? error.field : undefined,
    retryAfterSeconds: retry,
    requestId: typeof error?.requestId === "string" ? error.requestId : undefined,
  });
}

/**
 * One same-origin JSON request. The server refuses text/plain bodies (a CSRF defence), so bodies
 * always go as application/json; cookies travel with `credentials: "same-origin"`.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.csrfToken && method !== "GET") headers[CSRF_HEADER] = options.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.keepalive ? { keepalive: true } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ status: 0, code: "network_error" });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError({ status: response.status, code: "generic" });
  }
}

/** Whether an error is an aborted fetch (a page unmounted mid-request): never shown. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** Normalises anything thrown into an ApiError so the UI has one thing to render. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ status: 0, code: "generic" });
}
