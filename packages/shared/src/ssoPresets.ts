/**
 * Identity-provider presets: the issuer URLs the providers document. The discovery document is
 * always `{issuer}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4). These
 * patterns come from the providers' documentation; they could not be checked against the live
 * providers where Engawa is developed (no outside network in tests).
 *
 * - Google Workspace: issuer `https://accounts.google.com`
 *   (developers.google.com/identity/openid-connect/openid-connect, "Discovery document").
 * - Microsoft Entra ID (single tenant, v2.0 endpoint): issuer
 *   `https://login.microsoftonline.com/{tenant-id}/v2.0`
 *   (learn.microsoft.com/entra/identity-platform/v2-protocols-oidc, "Find your app's OpenID
 *   configuration document URI").
 */
export const SSO_PRESETS = ["custom", "google", "entra"] as const;
export type SsoPreset = (typeof SSO_PRESETS)[number];

/** Directory (tenant) ids of Entra: a GUID, or a verified domain such as `contoso.onmicrosoft.com`. */
export const ENTRA_TENANT_ID_PATTERN =
  "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)$";

export interface SsoPresetValues {
  issuer: string;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
  buttonLabel: string;
}

/**
 * The values a preset fills in, or null when the preset needs an Entra tenant id that is missing
 * or malformed. `custom` fills in the OIDC Core standard claims (§5.1) and an empty issuer.
 */
export function ssoPresetValues(preset: SsoPreset, entraTenantId = ""): SsoPresetValues | null {
  const standard = { scopes: "openid email profile", emailClaim: "email", nameClaim: "name" };
  switch (preset) {
    case "google":
      return {
        ...standard,
        issuer: "https://accounts.google.com",
        groupsClaim: "",
        buttonLabel: "Google",
      };
    case "entra": {
      const id = entraTenantId.trim();
      if (!new RegExp(ENTRA_TENANT_ID_PATTERN).test(id)) return null;
      return {
        ...standard,
        issuer: `https://login.microsoftonline.com/${id}/v2.0`,
        groupsClaim: "groups",
        buttonLabel: "Microsoft",
      };
    }
    case "custom":
      return { ...standard, issuer: "", groupsClaim: "", buttonLabel: "" };
  }
}

/** The discovery document of an issuer (OpenID Connect Discovery 1.0 §4). */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}
