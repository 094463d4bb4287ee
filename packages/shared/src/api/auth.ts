import { Type, type Static } from "typebox";
import {
  DisplayName,
  Email,
  LinkToken,
  Password,
  Role,
  Slug,
  Status,
  Timestamp,
} from "./common.ts";
import { DeclaredWorkContext } from "./workContext.ts";

/** Sign-in steps in order: second factor, a forced password change, MFA enrollment. */
export const SESSION_STAGES = [
  "complete",
  "second_factor",
  "password_change",
  "enrollment",
] as const;
export const SessionStage = Type.Union([
  Type.Literal("complete"),
  Type.Literal("second_factor"),
  Type.Literal("password_change"),
  Type.Literal("enrollment"),
]);
export type SessionStage = (typeof SESSION_STAGES)[number];

export const SECOND_FACTORS = ["totp", "passkey", "recovery_code"] as const;
export const SecondFactor = Type.Union([
  Type.Literal("totp"),
  Type.Literal("passkey"),
  Type.Literal("recovery_code"),
]);
export type SecondFactor = (typeof SECOND_FACTORS)[number];

export const SignInRequest = Type.Object(
  { tenant: Slug, email: Email, password: Password },
  { additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequest>;

export const OperatorSignInRequest = Type.Object(
  { email: Email, password: Password },
  { additionalProperties: false },
);
export type OperatorSignInRequest = Static<typeof OperatorSignInRequest>;

export const MeResponse = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    displayName: Type.String(),
    role: Role,
    status: Status,
  }),
  tenant: Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }),
  session: Type.Object({
    /** Send back as the `x-engawa-csrf` header on every state-changing request. */
    csrfToken: Type.String(),
    idleExpiresAt: Timestamp,
    absoluteExpiresAt: Timestamp,
    /** `complete`, or the sign-in step still due: `second_factor` or `enrollment`. */
    stage: SessionStage,
    /** How this session was authenticated, e.g. `password+totp` or `passkey`. */
    methods: Type.String(),
    /** Where the person said they are working, until it lapses; null: not declared. */
    workContext: Type.Union([DeclaredWorkContext, Type.Null()]),
  }),
  security: Type.Object({
    /** The second factors the user can use now (at the `second_factor` step, the choices). */
    factors: Type.Array(SecondFactor),
    /** The tenant requires MFA of this user: when enrolling becomes compulsory (null: not required). */
    enrollmentDueAt: Type.Union([Timestamp, Type.Null()]),
    /** A recovery code was used at this time; shown until the user dismisses it. */
    recoveryNoticeAt: Type.Union([Timestamp, Type.Null()]),
    /** The account has a password of its own (not only single sign-on). */
    hasPassword: Type.Boolean(),
    /** What a new password of this user must meet. */
    passwordRules: Type.Object({ minLength: Type.Integer(), characterMix: Type.Boolean() }),
  }),
});
export type MeResponse = Static<typeof MeResponse>;

export const OperatorMeResponse = Type.Object({
  operator: Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String() }),
  session: Type.Object({
    csrfToken: Type.String(),
    idleExpiresAt: Timestamp,
    absoluteExpiresAt: Timestamp,
  }),
});
export type OperatorMeResponse = Static<typeof OperatorMeResponse>;

/** Link tokens travel in request bodies, never in URLs (which end up in logs). */
export const InvitationTokenRequest = Type.Object(
  { token: LinkToken },
  { additionalProperties: false },
);
export type InvitationTokenRequest = Static<typeof InvitationTokenRequest>;

export const InviteInfoResponse = Type.Object({
  tenant: Type.Object({ name: Type.String(), slug: Type.String() }),
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  expiresAt: Timestamp,
  /** What the new password must meet (the form checks it before sending). */
  passwordRules: Type.Object({ minLength: Type.Integer(), characterMix: Type.Boolean() }),
});
export type InviteInfoResponse = Static<typeof InviteInfoResponse>;

export const AcceptInviteRequest = Type.Object(
  { token: LinkToken, displayName: DisplayName, password: Password },
  { additionalProperties: false },
);
export type AcceptInviteRequest = Static<typeof AcceptInviteRequest>;

export const AcceptInviteResponse = Type.Object({
  tenant: Type.Object({ name: Type.String(), slug: Type.String() }),
  email: Type.String(),
});
export type AcceptInviteResponse = Static<typeof AcceptInviteResponse>;

export const ChangePasswordRequest = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

/** A temporary password, shown once to the admin who reset it; the user must change it. */
export const TemporaryPasswordResponse = Type.Object({ temporaryPassword: Type.String() });
export type TemporaryPasswordResponse = Static<typeof TemporaryPasswordResponse>;

/** The rules a new password must meet, for the form that asks for one. */
export const PasswordRulesResponse = Type.Object({
  minLength: Type.Integer(),
  characterMix: Type.Boolean(),
});
export type PasswordRulesResponse = Static<typeof PasswordRulesResponse>;
