import { describe, expect, it } from "vitest";
import { discoveryUrlOf, ssoPresetValues } from "./ssoPresets.ts";

describe("single sign-on presets", () => {
  it("fills in Google Workspace's documented issuer and discovery URL", () => {
    const google = ssoPresetValues("google");
    expect(google?.issuer).toBe("https://accounts.google.com");
    expect(discoveryUrlOf(google?.issuer ?? "")).toBe(
      "https://accounts.google.com/.well-known/openid-configuration",
    );
    expect(google?.scopes.split(" ")).toContain("openid");
  });

  it("fills in Microsoft Entra ID's v2.0 issuer for the directory the admin enters", () => {
    const id = "9188040d-6c67-4c5b-b112-36a304b66dad";
    const entra = ssoPresetValues("entra", ` ${id} `);
    expect(entra?.issuer).toBe(`https://login.microsoftonline.com/${id}/v2.0`);
    expect(discoveryUrlOf(entra?.issuer ?? "")).toBe(
      `https://login.microsoftonline.com/${id}/v2.0/.well-known/openid-configuration`,
    );
    expect(ssoPresetValues("entra", "contoso.onmicrosoft.com")?.issuer).toBe(
      "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0",
    );
  });

  it("refuses an Entra preset without a usable directory id", () => {
    for (const bad of ["", "common/../x", "https://evil.example", "a b"])
      expect(ssoPresetValues("entra", bad), bad).toBeNull();
  });

  it("joins the discovery path once, whatever the trailing slash", () => {
    expect(discoveryUrlOf("https://idp.example/tenant/")).toBe(
      "https://idp.example/tenant/.well-known/openid-configuration",
    );
  });
});
