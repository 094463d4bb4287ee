import type { FastifyReply } from "fastify";
import { SCIM_SCHEMAS, type ErrorCode, type ScimError, type ScimType } from "@engawa/shared";
import type { AppError } from "../platform/errors.ts";

/** Requests under the SCIM base path get SCIM's error format (RFC 7644 §3.12). */
export function isScimUrl(url: string): boolean {
  return url === "/scim/v2" || url.startsWith("/scim/");
}

/** Engawa's stable codes → RFC 7644 §3.12 `scimType`, so SCIM clients can switch on them. */
const SCIM_TYPE: Partial<Record<ErrorCode, ScimType>> = {
  invalid_request: "invalidSyntax",
  malformed_json: "invalidSyntax",
  invalid_filter: "invalidFilter",
  invalid_path: "invalidPath",
  invalid_value: "invalidValue",
  email_taken: "uniqueness",
  name_taken: "uniqueness",
};

export function scimErrorBody(error: AppError): ScimError {
  const scimType = SCIM_TYPE[error.code];
  return {
    schemas: [SCIM_SCHEMAS.error],
    status: String(error.status),
    ...(scimType ? { scimType } : {}),
    detail: error.message,
  };
}

/** Sends an error the SCIM way; a 401 names the scheme it wants (RFC 6750 §3). */
export function sendScimError(reply: FastifyReply, error: AppError): void {
  if (error.status === 401) void reply.header("www-authenticate", 'Bearer realm="scim"');
  if (error.retryAfterSeconds !== undefined)
    void reply.header("retry-after", String(error.retryAfterSeconds));
  void reply
    .code(error.status)
    .type("application/scim+json; charset=utf-8")
    .send(scimErrorBody(error));
}
