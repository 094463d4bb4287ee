import { Type, type Static } from "typebox";
import { ERROR_CODES } from "../errors.ts";
import { TENANT_ROLES, USER_STATUSES } from "../roles.ts";

/** Limits shared by the server's validation and the web client's forms. */
export const LIMITS = {
  emailMax: 254,
  displayNameMax: 100,
  tenantNameMax: 100,
  passwordMin: 13,
  passwordMax: 256,
  tokenMax: 128,
  queryTextMax: 200,
} as const;

export const Uuid = Type.String({ format: "uuid", description: "A UUID" });

export const Email = Type.String({
  format: "email",
  minLength: 3,
  maxLength: LIMITS.emailMax,
  description: "An e-mail address; compared case-insensitively",
});

/** Tenant slug: lower-case letters, digits and inner hyphens, 2–32 characters. */
export const Slug = Type.String({
  pattern: "^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$",
  minLength: 2,
  maxLength: 32,
  description: "The organisation ID used at sign-in, e.g. `sakura-clinic`",
});

/**
 * Text a person types as a name: at least one visible character, no control characters (a NUL
 * cannot be stored in PostgreSQL text), no bidirectional overrides that could disguise a name.
 */
const NAME_PATTERN = "^(?=.*\\S)[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069]+$";

export const DisplayName = Type.String({
  minLength: 1,
  maxLength: LIMITS.displayNameMax,
  pattern: NAME_PATTERN,
});

export const TenantName = Type.String({
  minLength: 1,
  maxLength: LIMITS.tenantNameMax,
  pattern: NAME_PATTERN,
});

/**
 * Passwords are length-checked by the service (so that a too-short password gets its own
 * error code, NIST SP 800-63B §3.1.1.2); the schema only caps what we are willing to hash.
 */
export const Password = Type.String({ minLength: 1, maxLength: LIMITS.passwordMax });

/** An opaque token from a link (setup, invitation). */
export const LinkToken = Type.String({
  minLength: 16,
  maxLength: LIMITS.tokenMax,
  pattern: "^[A-Za-z0-9_-]+$",
});

export const Role = Type.Enum(TENANT_ROLES);
export const Status = Type.Enum(USER_STATUSES);

/** ISO 8601 timestamp in UTC with milliseconds. */
export const Timestamp = Type.String({ format: "date-time" });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.Enum(ERROR_CODES),
      message: Type.String(),
      field: Type.Optional(Type.String()),
      requestId: Type.Optional(Type.String()),
    }),
  },
  { $id: "ErrorResponse" },
);

export const Ok = Type.Object({ ok: Type.Literal(true) });

export const TenantSlugParams = Type.Object({ tenant: Slug }, { additionalProperties: false });

export type TenantSlugParams = Static<typeof TenantSlugParams>;
