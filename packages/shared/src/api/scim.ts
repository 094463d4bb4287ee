import { Type, type Static } from "typebox";
import { LIMITS, Timestamp } from "./common.ts";

/**
 * SCIM 2.0 wire formats (RFC 7643 resources, RFC 7644 protocol). Field names are SCIM's own
 * (`userName`, `Resources`, `Operations`), not Engawa's, because identity providers send and expect
 * exactly these. Request bodies are strict like every Engawa body: attributes of the core schemas
 * that Engawa does not keep are accepted and ignored (listed below), anything else is refused with
 * `invalidSyntax`, so a typo never silently drops data.
 */
export const SCIM_SCHEMAS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
} as const;

/** `scimType` values of RFC 7644 §3.12 that Engawa answers with; clients switch on them. */
export const SCIM_TYPES = [
  "invalidFilter",
  "invalidSyntax",
  "invalidPath",
  "invalidValue",
  "uniqueness",
] as const;
export type ScimType = (typeof SCIM_TYPES)[number];

/** Largest page a list returns (advertised in ServiceProviderConfig `filter.maxResults`). */
export const SCIM_MAX_RESULTS = 200;
/** Most PATCH operations or group members one request may carry. */
export const SCIM_MAX_OPERATIONS = 1000;

const Text = (max = LIMITS.displayNameMax * 2) => Type.String({ maxLength: max });
const Schemas = Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 10 });

const ScimName = Type.Object(
  {
    formatted: Type.Optional(Text()),
    familyName: Type.Optional(Text()),
    givenName: Type.Optional(Text()),
    middleName: Type.Optional(Text()),
    honorificPrefix: Type.Optional(Text()),
    honorificSuffix: Type.Optional(Text()),
  },
  { additionalProperties: false },
);

const MultiValue = Type.Object(
  {
    value: Type.Optional(Text(LIMITS.emailMax)),
    type: Type.Optional(Text(50)),
    primary: Type.Optional(Type.Boolean()),
    display: Type.Optional(Text()),
  },
  { additionalProperties: false },
);

/**
 * A User as a client sends it (POST, PUT). Kept: `userName` (the e-mail address, RFC 7643 §4.1.1),
 * `displayName` or else `name`, `active`. Accepted and ignored: `externalId`, `emails`,
 * `nickName`, `title`, `locale`, `timezone`, `preferredLanguage`, `userType`, `profileUrl`,
 * `phoneNumbers`, the enterprise extension, and the read-only `id`/`meta` a PUT may echo back.
 */
export const ScimUserRequest = Type.Object(
  {
    schemas: Schemas,
    userName: Type.String({ minLength: 3, maxLength: LIMITS.emailMax }),
    displayName: Type.Optional(Text()),
    name: Type.Optional(ScimName),
    active: Type.Optional(Type.Boolean()),
    externalId: Type.Optional(Text(LIMITS.tokenMax * 2)),
    emails: Type.Optional(Type.Array(MultiValue, { maxItems: 10 })),
    phoneNumbers: Type.Optional(Type.Array(MultiValue, { maxItems: 10 })),
    nickName: Type.Optional(Text()),
    title: Type.Optional(Text()),
    locale: Type.Optional(Text(50)),
    timezone: Type.Optional(Text(50)),
    preferredLanguage: Type.Optional(Text(50)),
    userType: Type.Optional(Text(50)),
    profileUrl: Type.Optional(Text(500)),
    id: Type.Optional(Text(100)),
    meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    [SCIM_SCHEMAS.enterpriseUser]: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ScimUserRequest = Static<typeof ScimUserRequest>;

/**
 * A member reference. `$ref` (RFC 7643 §4.2) is matched as a pattern property: a property literally
 * named `$ref` inside a schema breaks OpenAPI reference resolution.
 */
export const ScimMemberRef = Type.Object(
  {
    value: Type.String({ minLength: 1, maxLength: 100 }),
    display: Type.Optional(Text()),
    type: Type.Optional(Text(50)),
  },
  { additionalProperties: false, patternProperties: { "^\\$ref$": Text(500) } },
);
export type ScimMemberRef = Static<typeof ScimMemberRef>;

/** A Group as a client sends it (RFC 7643 §4.2). */
export const ScimGroupRequest = Type.Object(
  {
    schemas: Schemas,
    displayName: Type.String({ minLength: 1, maxLength: LIMITS.displayNameMax * 2 }),
    externalId: Type.Optional(Text(LIMITS.tokenMax * 2)),
    members: Type.Optional(Type.Array(ScimMemberRef, { maxItems: SCIM_MAX_OPERATIONS })),
    id: Type.Optional(Text(100)),
    meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ScimGroupRequest = Static<typeof ScimGroupRequest>;

/**
 * RFC 7644 §3.5.2. `op` is matched case-insensitively because widely used clients send "Replace";
 * `value`'s shape depends on the path and is checked by the server (`invalidValue`).
 */
export const ScimPatchRequest = Type.Object(
  {
    schemas: Schemas,
    Operations: Type.Array(
      Type.Object(
        {
          op: Type.String({
            pattern: "^([Aa][Dd][Dd]|[Rr][Ee][Mm][Oo][Vv][Ee]|[Rr][Ee][Pp][Ll][Aa][Cc][Ee])$",
          }),
          path: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          value: Type.Optional(Type.Unknown()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: SCIM_MAX_OPERATIONS },
    ),
  },
  { additionalProperties: false },
);
export type ScimPatchRequest = Static<typeof ScimPatchRequest>;

/**
 * List query (RFC 7644 §3.4.2). `startIndex` below 1 means 1 and a negative `count` means 0
 * (§3.4.2.4), so both are accepted as any integer and clamped by the server.
 */
export const ScimListQuery = Type.Object(
  {
    filter: Type.Optional(Type.String({ maxLength: 500 })),
    startIndex: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
    count: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
    attributes: Type.Optional(Type.String({ maxLength: 500 })),
    excludedAttributes: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ScimListQuery = Static<typeof ScimListQuery>;

/** `:id` of a SCIM resource: any short string (an unknown id is a 404, not a 400). */
export const ScimIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type ScimIdParams = Static<typeof ScimIdParams>;

export const ScimMeta = Type.Object({
  resourceType: Type.String(),
  created: Timestamp,
  lastModified: Timestamp,
  location: Type.String(),
  version: Type.String(),
});

export const ScimUser = Type.Object({
  schemas: Type.Array(Type.String()),
  id: Type.String(),
  userName: Type.String(),
  displayName: Type.String(),
  name: Type.Object({ formatted: Type.String() }),
  active: Type.Boolean(),
  emails: Type.Array(
    Type.Object({ value: Type.String(), type: Type.String(), primary: Type.Boolean() }),
  ),
  meta: ScimMeta,
});
export type ScimUser = Static<typeof ScimUser>;

export const ScimGroup = Type.Object({
  schemas: Type.Array(Type.String()),
  id: Type.String(),
  displayName: Type.String(),
  externalId: Type.Optional(Type.String()),
  members: Type.Optional(Type.Array(Type.Object({ value: Type.String(), display: Type.String() }))),
  meta: ScimMeta,
});
export type ScimGroup = Static<typeof ScimGroup>;

const listOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({
    schemas: Type.Array(Type.String()),
    totalResults: Type.Integer(),
    startIndex: Type.Integer(),
    itemsPerPage: Type.Integer(),
    Resources: Type.Array(item),
  });

export const ScimUserList = listOf(ScimUser);
export type ScimUserList = Static<typeof ScimUserList>;
export const ScimGroupList = listOf(ScimGroup);
export type ScimGroupList = Static<typeof ScimGroupList>;

/** RFC 7644 §3.12: `status` is a string; `scimType` is set for 400 and 409 answers. */
export interface ScimError {
  schemas: [typeof SCIM_SCHEMAS.error];
  status: string;
  scimType?: ScimType;
  detail: string;
}
