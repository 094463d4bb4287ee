import { Type, type Static } from "typebox";
import { AuditCheckpoint } from "./audit.ts";
import { DisplayName, Email, Password, Slug, TenantName } from "./common.ts";

/** Requests of the `engawa` CLI to a running server over the data folder's admin socket. */
export const LocalStatusResponse = Type.Object({
  pid: Type.Integer(),
  publicUrl: Type.String(),
  database: Type.String(),
});
export type LocalStatusResponse = Static<typeof LocalStatusResponse>;

export const LocalCreateTenantRequest = Type.Object(
  {
    name: TenantName,
    slug: Slug,
    owner: Type.Object({ email: Email, displayName: DisplayName }, { additionalProperties: false }),
    ownerPassword: Type.Optional(Password),
  },
  { additionalProperties: false },
);
export type LocalCreateTenantRequest = Static<typeof LocalCreateTenantRequest>;

export const LocalCreateTenantResponse = Type.Object({
  tenant: Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }),
  ownerInviteUrl: Type.Union([Type.String(), Type.Null()]),
  signInUrl: Type.String(),
});
export type LocalCreateTenantResponse = Static<typeof LocalCreateTenantResponse>;

export const LocalVerifyRequest = Type.Object(
  {
    tenant: Type.Optional(Slug),
    checkpoints: Type.Optional(Type.Array(AuditCheckpoint, { maxItems: 10_000 })),
  },
  { additionalProperties: false },
);
export type LocalVerifyRequest = Static<typeof LocalVerifyRequest>;

export const ChainReportSchema = Type.Object({
  chain: Type.String(),
  tenant: Type.Union([Type.Object({ id: Type.String(), slug: Type.String() }), Type.Null()]),
  events: Type.Integer(),
  ok: Type.Boolean(),
  checkpointsChecked: Type.Integer(),
  firstBad: Type.Union([
    Type.Object({
      seq: Type.Integer(),
      eventId: Type.Union([Type.String(), Type.Null()]),
      problem: Type.String(),
    }),
    Type.Null(),
  ]),
});

export const LocalVerifyResponse = Type.Object({ reports: Type.Array(ChainReportSchema) });
export type LocalVerifyResponse = Static<typeof LocalVerifyResponse>;

export const LocalCheckpointRequest = Type.Object(
  { tenant: Slug },
  { additionalProperties: false },
);
export type LocalCheckpointRequest = Static<typeof LocalCheckpointRequest>;

export const LocalCheckpointResponse = Type.Object({
  checkpoint: Type.Union([AuditCheckpoint, Type.Null()]),
});
export type LocalCheckpointResponse = Static<typeof LocalCheckpointResponse>;

export const LocalRotateRequest = Type.Object(
  { tenant: Type.Optional(Slug) },
  { additionalProperties: false },
);
export type LocalRotateRequest = Static<typeof LocalRotateRequest>;

export const LocalRotateResponse = Type.Object({
  rotated: Type.Array(
    Type.Object({
      tenantId: Type.String(),
      keyVersion: Type.Integer(),
      rewrappedDataKeys: Type.Integer(),
    }),
  ),
});
export type LocalRotateResponse = Static<typeof LocalRotateResponse>;
