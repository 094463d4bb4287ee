import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { decodeJwt, importJWK, SignJWT, type JWK } from "jose";
import Provider, { type KoaContext } from "oidc-provider";

export interface TestAccount {
  email: string;
  name?: string;
  /** Omit to leave the claim out, as Entra does. */
  emailVerified?: boolean;
  groups?: string[];
}

/** Rewrites the claims of the ID Token the provider issues, re-signed with the provider's key. */
export type IdTokenTamper = (claims: Record<string, unknown>) => Record<string, unknown>;

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by subject; the interaction signs in `nextSubject` without asking. */
  accounts: Map<string, TestAccount>;
  nextSubject: string;
  tamper: IdTokenTamper | null;
  /** Signs a token with a key the provider never published (a forged signature). */
  forge: boolean;
  close(): Promise<void>;
}

function rsaJwk(): JWK {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: "jwk" }) as JWK),
    kid: randomBytes(8).toString("hex"),
    alg: "RS256",
    use: "sig",
  };
}

/**
 * A real OpenID Provider (oidc-provider 9) on 127.0.0.1 and a free port, with one confidential
 * client whose redirect URI is Engawa's. Its interaction signs in `nextSubject` at once (no login
 * form) and the consent is implied (`loadExistingGrant`), so an HTTP client can follow the
 * redirects. `tamper` rewrites the issued ID Token — the provider's own key signs the result — to
 * produce what a correct provider never sends (wrong issuer, audience, nonce, an expired token).
 */
export async function startTestProvider(redirectUris: string[]): Promise<TestProvider> {
  const signingKey = rsaJwk();
  const clientId = `engawa-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(24).toString("base64url");
  const state: TestProvider = {
    issuer: "",
    clientId,
    clientSecret,
    accounts: new Map(),
    nextSubject: "",
    tamper: null,
    forge: false,
    close: async () => undefined,
  };
  const port = await freeLoopbackPort();
  const issuer = `http://127.0.0.1:${port}`;
  state.issuer = issuer;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    scopes: ["openid", "email", "profile", "groups"],
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    loadExistingGrant: async (ctx: {
      oidc: {
        client: { clientId: string };
        session: { accountId: string };
        provider: Provider;
        params: { scope?: string };
      };
    }) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope ?? "openid");
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = state.accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
          ...(account.name ? { name: account.name } : {}),
          ...(account.groups ? { groups: account.groups } : {}),
        }),
      };
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  });
  provider.use(async (ctx: KoaContext, next) => {
    if (ctx.method === "GET" && /^\/interaction\/[^/]+$/.test(ctx.path)) {
      await provider.interactionDetails(ctx.req, ctx.res);
      const to = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { login: { accountId: state.nextSubject } },
        { mergeWithLastSubmission: false },
      );
      ctx.status = 303;
      ctx.redirect(to);
      return;
    }
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === "/token" && body?.id_token && (state.tamper || state.forge)) {
      const claims = decodeJwt(body.id_token) as Record<string, unknown>;
      const key = state.forge ? rsaJwk() : signingKey;
      const changed = state.tamper ? state.tamper(claims) : claims;
      const idToken = await new SignJWT(changed)
        .setProtectedHeader({ alg: "RS256", kid: signingKey.kid ?? "" })
        .sign(await importJWK(key, "RS256"));
      ctx.body = { ...body, id_token: idToken };
    }
  });
  const listening = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve) => listening.once("listening", () => resolve()));
  state.close = () => new Promise<void>((resolve) => listening.close(() => resolve()));
  return state;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}
