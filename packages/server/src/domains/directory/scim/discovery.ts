import { SCIM_MAX_OPERATIONS, SCIM_MAX_RESULTS, SCIM_SCHEMAS } from "@engawa/shared";
import { listResponse } from "./presenters.ts";

/**
 * Discovery endpoints (RFC 7644 §4), minimal and truthful: what this service provider supports and
 * the attributes it keeps. A client reads them to decide how to talk to Engawa.
 */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SCIM_SCHEMAS.serviceProviderConfig],
    documentationUri: "https://www.rfc-editor.org/rfc/rfc7644",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: `A tenant SCIM token from the admin page "Provisioning (SCIM)"; at most ${String(SCIM_MAX_OPERATIONS)} operations per PATCH`,
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  const type = (name: string, endpoint: string, schema: string) => ({
    schemas: [SCIM_SCHEMAS.resourceType],
    id: name,
    name,
    endpoint,
    schema,
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/${name}` },
  });
  return listResponse(2, 1, [
    type("User", "/Users", SCIM_SCHEMAS.user),
    type("Group", "/Groups", SCIM_SCHEMAS.group),
  ]);
}

const attribute = (
  name: string,
  type: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});

export function schemas(baseUrl: string) {
  const schema = (id: string, name: string, attributes: Record<string, unknown>[]) => ({
    schemas: [SCIM_SCHEMAS.schema],
    id,
    name,
    attributes,
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${id}` },
  });
  return listResponse(2, 1, [
    schema(SCIM_SCHEMAS.user, "User", [
      attribute("userName", "string", { required: true, uniqueness: "server" }),
      attribute("displayName", "string"),
      attribute("name", "complex", {
        subAttributes: [
          attribute("formatted", "string"),
          attribute("givenName", "string"),
          attribute("familyName", "string"),
        ],
      }),
      attribute("active", "boolean"),
    ]),
    schema(SCIM_SCHEMAS.group, "Group", [
      attribute("displayName", "string", { required: true, uniqueness: "server" }),
      attribute("externalId", "string", { caseExact: true }),
      attribute("members", "complex", {
        multiValued: true,
        subAttributes: [attribute("value", "string", { mutability: "immutable" })],
      }),
    ]),
  ]);
}
