import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { ErrorBody, ErrorCode } from "@engawa/shared";
import { AppError, isAppError } from "../platform/errors.ts";
import type { Logger } from "../platform/log.ts";
import { isScimUrl, sendScimError } from "./scimReplies.ts";

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Turns every failure into `{ error: { code, message } }` with a stable code. Validation errors
 * name the field; anything unexpected becomes `internal_error` — logged with its stack on the
 * server, never shown to the client (ARCHITECTURE.md, Conventions).
 */
export function errorHandler(log: Logger) {
  return (
    error: FastifyError | AppError | Error,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void => {
    const app = toAppError(error);
    if (app.code === "internal_error") {
      log.error({ err: error, requestId: request.id, url: request.url }, "unhandled error");
    }
    sendError(reply, app, request.id);
  };
}

export function sendError(reply: FastifyReply, error: AppError, requestId: string): void {
  if (isScimUrl(reply.request.url)) {
    sendScimError(reply, error);
    return;
  }
  if (error.retryAfterSeconds !== undefined)
    reply.header("retry-after", String(error.retryAfterSeconds));
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
      requestId,
    },
  };
  void reply.code(error.status).type("application/json; charset=utf-8").send(body);
}

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const e = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (e.validation && e.validation.length > 0)
    return validationError(e.validation[0] as ValidationIssue, e.validationContext);
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new AppError("payload_too_large", "The request body is too large.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new AppError("unsupported_media_type", "Send the request body as application/json.");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new AppError("malformed_json", "The request body is not valid JSON.");
    case "FST_ERR_NOT_FOUND":
      return new AppError("not_found", "Not found.");
    default:
      break;
  }
  if (e instanceof SyntaxError && e.statusCode === 400)
    return new AppError("malformed_json", "The request body is not valid JSON.");
  const status = typeof e.statusCode === "number" ? e.statusCode : 500;
  if (status === 404) return new AppError("not_found", "Not found.");
  if (status === 405) return new AppError("method_not_allowed", "Method not allowed.");
  if (status === 413) return new AppError("payload_too_large", "The request body is too large.");
  if (status === 415)
    return new AppError("unsupported_media_type", "Send the request body as application/json.");
  if (status >= 400 && status < 500)
    return new AppError("invalid_request", "The request is not valid.");
  return new AppError("internal_error", "Something went wrong on our side. Try again later.");
}

function validationError(issue: ValidationIssue, part: string | undefined): AppError {
  const path = (issue.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  const missing =
    typeof issue.params?.missingProperty === "string" ? issue.params.missingProperty : null;
  const extra =
    typeof issue.params?.additionalProperty === "string" ? issue.params.additionalProperty : null;
  const field = [path, missing ?? extra].filter(Boolean).join(".") || (part ?? "body");
  const what = missing
    ? "is required"
    : extra
      ? "is not an accepted field"
      : (issue.message ?? "is not valid");
  const code: ErrorCode = "invalid_request";
  return new AppError(code, `${part ?? "body"}: ${field} ${what}`, { field });
}
