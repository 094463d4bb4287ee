import { Type, type Static } from "typebox";
import { DisplayName, Email, Slug, TenantName, Timestamp, Uuid } from "./common.ts";

/** Lifecycle of a tenant. Later issues add the end-of-contract states (PRODUCT.md promise 5). */
export const TENANT_STATUSES = ["active"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/** What an operator sees of a tenant: names and status, never content. */
export const TenantSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  status: Type.Enum(TENANT_STATUSES),
  createdAt: Timestamp,
  /** Whether the owner has accepted the invitation (so the operator knows to resend it). */
  ownerPending: Type.Boolean(),
});
export type TenantSummary = Static<typeof TenantSummary>;

export const TenantListResponse = Type.Object({ tenants: Type.Array(TenantSummary) });
export type TenantListResponse = Static<typeof TenantListResponse>;

export const CreateTenantRequest = Type.Object(
  {
    name: TenantName,
    slug: Slug,
    owner: Type.Object({ email: Email, displayName: DisplayName }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type CreateTenantRequest = Static<typeof CreateTenantRequest>;

export const TenantIdParams = Type.Object({ tenantId: Uuid }, { additionalProperties: false });
export type TenantIdParams = Static<typeof TenantIdParams>;

export const OwnerInviteResponse = Type.Object({
  ownerInviteUrl: Type.String(),
  expiresAt: Timestamp,
});
export type OwnerInviteResponse = Static<typeof OwnerInviteResponse>;

export const KeyRotationResponse = Type.Object({
  tenantId: Type.String(),
  keyVersion: Type.Integer(),
  rewrappedDataKeys: Type.Integer(),
});
export type KeyRotationResponse = Static<typeof KeyRotationResponse>;
