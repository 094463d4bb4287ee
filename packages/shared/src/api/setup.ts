import { Type, type Static } from "typebox";
import { DisplayName, Email, LinkToken, Password, Slug, TenantName } from "./common.ts";

export const SetupStatusResponse = Type.Object({
  /** True until the first operator has been created. */
  required: Type.Boolean(),
});
export type SetupStatusResponse = Static<typeof SetupStatusResponse>;

export const SetupRequest = Type.Object(
  {
    token: LinkToken,
    operator: Type.Object(
      { email: Email, displayName: DisplayName, password: Password },
      { additionalProperties: false },
    ),
    tenant: Type.Object({ name: TenantName, slug: Slug }, { additionalProperties: false }),
    owner: Type.Object({ email: Email, displayName: DisplayName }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type SetupRequest = Static<typeof SetupRequest>;

export const TenantCreatedResponse = Type.Object({
  tenant: Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }),
  /** One-time link for the owner to set a password. Shown once; not stored in plain text. */
  ownerInviteUrl: Type.String(),
});
export type TenantCreatedResponse = Static<typeof TenantCreatedResponse>;
