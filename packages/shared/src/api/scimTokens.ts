import { Type, type Static } from "typebox";
import { DisplayName, Slug, Timestamp, Uuid } from "./common.ts";

/** A SCIM provisioning token as the admin page shows it: never the secret, only its name and dates. */
export const ScimTokenSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal("active"), Type.Literal("revoked")]),
  createdAt: Timestamp,
  rotatedAt: Type.Union([Timestamp, Type.Null()]),
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ScimTokenSummary = Static<typeof ScimTokenSummary>;

export const ScimTokenListResponse = Type.Object({
  /** The SCIM base URL to configure in the identity provider. */
  baseUrl: Type.String(),
  tokens: Type.Array(ScimTokenSummary),
});
export type ScimTokenListResponse = Static<typeof ScimTokenListResponse>;

export const CreateScimTokenRequest = Type.Object(
  { name: DisplayName },
  { additionalProperties: false },
);
export type CreateScimTokenRequest = Static<typeof CreateScimTokenRequest>;

/** Returned once, when a token is created or rotated: the secret is not stored and not shown again. */
export const ScimTokenSecretResponse = Type.Object({
  baseUrl: Type.String(),
  token: ScimTokenSummary,
  secret: Type.String(),
});
export type ScimTokenSecretResponse = Static<typeof ScimTokenSecretResponse>;

export const ScimTokenResponse = Type.Object({ token: ScimTokenSummary });
export type ScimTokenResponse = Static<typeof ScimTokenResponse>;

export const ScimTokenParams = Type.Object(
  { tenant: Slug, tokenId: Uuid },
  { additionalProperties: false },
);
export type ScimTokenParams = Static<typeof ScimTokenParams>;
