import { LIMITS, SCIM_SCHEMAS } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";

/**
 * Checks of SCIM attribute values that a JSON schema cannot express; each failure is a 400 with
 * `invalidValue` (RFC 7644 §3.12) naming the attribute.
 */
/** Control characters (a NUL cannot be stored in PostgreSQL text) and bidirectional overrides. */
function hasControlOrBidi(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x1f || code === 0x7f) return true;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function invalidValue(attribute: string, message: string): AppError {
  return new AppError("invalid_value", `${attribute}: ${message}`, { field: attribute });
}

/** A display name: visible text, no control characters or bidirectional overrides, ≤ 100 chars. */
export function nameValue(attribute: string, value: unknown): string {
  if (typeof value !== "string") throw invalidValue(attribute, "must be a string");
  const trimmed = value.trim();
  if (trimmed === "" || trimmed.length > LIMITS.displayNameMax || hasControlOrBidi(trimmed))
    throw invalidValue(attribute, `must be 1–${String(LIMITS.displayNameMax)} visible characters`);
  return trimmed;
}

/** userName is the person's e-mail address (Engawa's sign-in identifier). */
export function emailValue(attribute: string, value: unknown): string {
  if (typeof value !== "string" || value.length > LIMITS.emailMax || !EMAIL.test(value.trim()))
    throw invalidValue(attribute, "must be an e-mail address");
  return value.trim();
}

/** `active` as a boolean; some identity providers send "True"/"False" strings in PATCH. */
export function booleanValue(attribute: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value))
    return value.toLowerCase() === "true";
  throw invalidValue(attribute, "must be true or false");
}

export function optionalText(attribute: string, value: unknown, max = 256): string | null {
  if (value === null) return null;
  if (typeof value !== "string" || value.length > max || hasControlOrBidi(value))
    throw invalidValue(attribute, `must be a string of at most ${String(max)} characters`);
  return value;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The request's `schemas` must name the resource's schema (RFC 7643 §3). */
export function requireSchema(schemas: string[], urn: string): void {
  if (!schemas.includes(urn))
    throw new AppError("invalid_request", `schemas must contain "${urn}"`, { field: "schemas" });
}

/** Member references of a group: `[{ value: "<user id>" }]` (a single object is accepted too). */
export function memberIds(attribute: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    const id = (item as { value?: unknown } | null)?.value;
    if (typeof id !== "string" || !isUuid(id))
      throw invalidValue(attribute, "each member needs the value of a user's id");
    return id.toLowerCase();
  });
}

export const USER_URN_PREFIX = `${SCIM_SCHEMAS.user.toLowerCase()}:`;
export const GROUP_URN_PREFIX = `${SCIM_SCHEMAS.group.toLowerCase()}:`;
export const ENTERPRISE_URN = SCIM_SCHEMAS.enterpriseUser.toLowerCase();
