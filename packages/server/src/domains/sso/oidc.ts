import type * as OpenIdClient from "openid-client";

/**
 * openid-client is loaded on first use, so that processes that never talk to an identity provider
 * (the CLI, most servers' start-up) do not pay for loading it.
 */
let loaded: Promise<typeof OpenIdClient> | null = null;
const openIdClient = (): Promise<typeof OpenIdClient> => (loaded ??= import("openid-client"));
import { discoveryUrlOf } from "@engawa/shared";

/** Seconds an identity provider gets to answer one request (discovery, token, JWKS). */
const PROVIDER_TIMEOUT_SECONDS = 10;

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Plain-http issuers are allowed (tests, local providers; ENGAWA_OIDC_ALLOW_HTTP_ISSUER). */
  allowHttp: boolean;
}

/**
 * Why an issuer URL is not acceptable, or null. OIDC Core §16.17 (TLS requirements) and OpenID
 * Connect Discovery §4.3 require https issuers; the issuer must not carry a query or fragment
 * (Discovery §2).
 */
export function issuerProblem(issuer: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return "The issuer is not a valid URL.";
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:"))
    return "The issuer must be an https:// URL.";
  if (url.search || url.hash) return "The issuer must not have a query or fragment.";
  if (url.username || url.password) return "The issuer must not contain a user name or password.";
  return null;
}

/**
 * Fetches the provider's discovery document (OpenID Connect Discovery 1.0 §4) and builds an
 * openid-client configuration. openid-client checks that the document's `issuer` equals the URL
 * it was fetched for (§4.3), which stops a mix-up between providers.
 */
export async function discover(settings: ProviderSettings): Promise<OpenIdClient.Configuration> {
  const client = await openIdClient();
  // OIDC Core §3.1.3.7 step 6 lets a client skip the ID Token's signature when it came straight
  // from the token endpoint over TLS; we check it anyway (non-repudiation checks: signature with
  // the provider's published JWKS), so a token is never trusted on the transport alone.
  const execute = [
    client.enableNonRepudiationChecks,
    ...(settings.allowHttp ? [client.allowInsecureRequests] : []),
  ];
  return client.discovery(
    new URL(settings.issuer),
    settings.clientId,
    { client_secret: settings.clientSecret },
    // RFC 6749 §2.3.1: every authorization server supports HTTP Basic for client secrets.
    client.ClientSecretBasic(settings.clientSecret),
    { execute, timeout: PROVIDER_TIMEOUT_SECONDS },
  );
}

/** The discovery document of an issuer, for the admin's "test connection" button. */
export async function probe(
  issuer: string,
  allowHttp: boolean,
): Promise<{ issuer: string; authorizationEndpoint?: string; tokenEndpoint?: string }> {
  const config = await discover({
    issuer,
    clientId: "engawa-connection-test",
    clientSecret: "-",
    allowHttp,
  });
  const metadata = config.serverMetadata();
  return {
    issuer: metadata.issuer,
    ...(metadata.authorization_endpoint
      ? { authorizationEndpoint: metadata.authorization_endpoint }
      : {}),
    ...(metadata.token_endpoint ? { tokenEndpoint: metadata.token_endpoint } : {}),
  };
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The authorization request of the code flow (OIDC Core §3.1.2.1) with PKCE S256 (RFC 7636 §4.2):
 * fresh random `state` (CSRF, RFC 6749 §10.12), `nonce` (replay, OIDC Core §15.5.2) and code
 * verifier for every attempt.
 */
export async function authorizationRequest(
  config: OpenIdClient.Configuration,
  redirectUri: string,
  scopes: string,
): Promise<AuthorizationRequest> {
  const client = await openIdClient();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    response_type: "code",
    scope: scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Redeems the code and validates the ID Token as OIDC Core §3.1.3.7 requires — signature with the
 * provider's JWKS, `iss` equal to the discovered issuer, `aud` containing our client id (and `azp`
 * when there are several audiences), `exp` in the future, `iat` present, and `nonce` equal to the
 * one we sent — plus the authorization response's `state` and RFC 9207 `iss`. openid-client does
 * these checks; a failure throws.
 */
export async function redeem(
  config: OpenIdClient.Configuration,
  callbackUrl: URL,
  expected: { state: string; nonce: string; codeVerifier: string },
): Promise<Record<string, unknown>> {
  const client = await openIdClient();
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: expected.codeVerifier,
    expectedState: expected.state,
    expectedNonce: expected.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims) throw new Error("The token response has no ID Token.");
  return claims;
}

export { discoveryUrlOf };
