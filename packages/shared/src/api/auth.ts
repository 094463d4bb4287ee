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
