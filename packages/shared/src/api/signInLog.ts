import { Type, type Static } from "typebox";
import { Timestamp, Uuid } from "./common.ts";

/** What a sign-in log entry records (from the audit chain's `auth.*` events). */
export const SIGN_IN_EVENTS = [
  "sign_in",
  "second_factor",
  "recovery_code",
  "password_spray",
  "account_at_risk",
] as const;

export const SignInLogEntry = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  at: Timestamp,
  event: Type.Union([
    Type.Literal("sign_in"),
    Type.Literal("second_factor"),
    Type.Literal("recovery_code"),
    Type.Literal("password_spray"),
    Type.Literal("account_at_risk"),
  ]),
  /** `success` or `failure`; a password accepted with a second factor still due is `success` of its step. */
  result: Type.Union([Type.Literal("success"), Type.Literal("failure")]),
  userId: Type.Union([Uuid, Type.Null()]),
  /** The address typed or the account's address. */
  email: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.String(), Type.Null()]),
  /** `second_factor`, `enrollment`: the step that was still due after this one. */
  stage: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  place: Type.Union([
    Type.Object({ country: Type.String(), region: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  browser: Type.String(),
  os: Type.String(),
  /** Identical failures within a minute are one entry with a count. */
  count: Type.Integer(),
});
export type SignInLogEntry = Static<typeof SignInLogEntry>;

export const SignInLogQuery = Type.Object(
  {
    result: Type.Optional(Type.Union([Type.Literal("success"), Type.Literal("failure")])),
    userId: Type.Optional(Uuid),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type SignInLogQuery = Static<typeof SignInLogQuery>;

export const SignInLogResponse = Type.Object({
  entries: Type.Array(SignInLogEntry),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
export type SignInLogResponse = Static<typeof SignInLogResponse>;

export const SignInLogExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal("csv"), Type.Literal("jsonl")]),
    result: Type.Optional(Type.Union([Type.Literal("success"), Type.Literal("failure")])),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type SignInLogExportQuery = Static<typeof SignInLogExportQuery>;
