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

/** The shipped risk address lists `engawa risk-lists import` can replace (the risk domain's names). */
export const RISK_LIST_NAMES = ["tor-exits", "vpn-asns", "hosting-asns", "botnet-c2"] as const;
export type RiskListName = (typeof RISK_LIST_NAMES)[number];

/** Largest list file the CLI sends, in bytes (the admin socket takes request bodies up to 1 MiB). */
export const RISK_LIST_TEXT_MAX = 512 * 1024;

export const LocalRiskListImportRequest = Type.Object(
  {
    list: Type.Enum(RISK_LIST_NAMES),
    /** The file as it is: one address, CIDR range or `AS<number>` per line, `#` comments. */
    text: Type.String({ maxLength: RISK_LIST_TEXT_MAX }),
    /** Where the list came from, kept with it and in the audit log. */
    source: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069]+$",
    }),
  },
  { additionalProperties: false },
);
export type LocalRiskListImportRequest = Static<typeof LocalRiskListImportRequest>;

export const LocalRiskListImportResponse = Type.Object({
  list: Type.Enum(RISK_LIST_NAMES),
  entries: Type.Integer(),
});
export type LocalRiskListImportResponse = Static<typeof LocalRiskListImportResponse>;

export const LocalRiskListsResponse = Type.Object({
  lists: Type.Array(Type.Object({ name: Type.Enum(RISK_LIST_NAMES), entries: Type.Integer() })),
});
export type LocalRiskListsResponse = Static<typeof LocalRiskListsResponse>;
