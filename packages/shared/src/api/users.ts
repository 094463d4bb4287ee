import { Type, type Static } from "typebox";
import { DisplayName, Email, Role, Slug, Status, Timestamp, Uuid } from "./common.ts";

export const UserSummary = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: Role,
  status: Status,
  /** Keeps password sign-in when the organisation requires single sign-on. */
  breakGlass: Type.Boolean(),
  createdAt: Timestamp,
  /** A guest's account stops working after this (renewable); null for everyone else. */
  accessExpiresAt: Type.Union([Timestamp, Type.Null()]),
});
export type UserSummary = Static<typeof UserSummary>;

export const UserListResponse = Type.Object({ users: Type.Array(UserSummary) });
export type UserListResponse = Static<typeof UserListResponse>;

export const InviteUserRequest = Type.Object(
  { email: Email, displayName: DisplayName, role: Role },
  { additionalProperties: false },
);
export type InviteUserRequest = Static<typeof InviteUserRequest>;

export const InvitationResponse = Type.Object({
  user: UserSummary,
  /** One-time link to copy to the invitee; shown once. */
  inviteUrl: Type.String(),
  expiresAt: Timestamp,
});
export type InvitationResponse = Static<typeof InvitationResponse>;

export const UserParams = Type.Object(
  { tenant: Slug, userId: Uuid },
  { additionalProperties: false },
);
export type UserParams = Static<typeof UserParams>;

export const ChangeRoleRequest = Type.Object({ role: Role }, { additionalProperties: false });
export type ChangeRoleRequest = Static<typeof ChangeRoleRequest>;

export const UserResponse = Type.Object({ user: UserSummary });
export type UserResponse = Static<typeof UserResponse>;
