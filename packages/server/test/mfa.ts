import { randomUUID } from "node:crypto";
import { totpCode } from "../src/platform/crypto/totp.ts";
import { scopeFor } from "../src/platform/scope.ts";
import { PASSWORD, type World } from "./fixtures.ts";
import { TestBrowser } from "./http.ts";
import type { TestApp } from "./testApp.ts";

/** One TOTP step: tests move the clock by this much so that a fresh code exists. */
export const TOTP_STEP_MS = 30_000;

export interface EnrolledUser {
  id: string;
  email: string;
  secret: string;
  recoveryCodes: string[];
}

/** A new active member of acme who can sign in with {@link PASSWORD}. */
export async function newMember(t: TestApp, world: World, role: "member" | "admin" = "member") {
  const scope = scopeFor({ type: "system", reason: "mfa fixture" }, world.a.id);
  const user = await t.services.identity.createActiveUser(scope, {
    email: `${randomUUID()}@acme.example`,
    displayName: "MFA user",
    role,
    passwordHash: await t.services.identity.hashNewPassword(PASSWORD),
  });
  return { id: user.id, email: user.email };
}

/** Sets up an authenticator app through the API, as the web client does; returns the secret. */
export async function enrollTotp(t: TestApp, browser: TestBrowser) {
  const setup = await browser.post("/api/me/mfa/totp");
  if (setup.status !== 200) throw new Error(`totp setup: ${setup.body}`);
  const { secret } = setup.json<{ secret: string }>();
  const confirm = browser.adopt(
    await browser.post("/api/me/mfa/totp/confirm", {
      code: totpCode(secret, t.services.clock.now().getTime()),
    }),
  );
  if (confirm.status !== 200) throw new Error(`totp confirm: ${confirm.body}`);
  return { secret, recoveryCodes: confirm.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/**
 * A member with an authenticator app, and a browser that has just given their password: its
 * session waits for the second factor. The clock has moved on a step since enrollment.
 */
export async function atSecondFactor(
  t: TestApp,
  world: World,
): Promise<{ browser: TestBrowser; user: EnrolledUser }> {
  const member = await newMember(t, world);
  const first = new TestBrowser(t.app);
  await first.signIn(world.a.slug, member.email, PASSWORD);
  const { secret, recoveryCodes } = await enrollTotp(t, first);
  await first.post("/api/auth/sign-out");
  t.clock.advance(TOTP_STEP_MS);
  const browser = new TestBrowser(t.app);
  const reply = await browser.signIn(world.a.slug, member.email, PASSWORD);
  if (reply.status !== 200) throw new Error(`sign-in: ${reply.body}`);
  return { browser, user: { ...member, secret, recoveryCodes } };
}
