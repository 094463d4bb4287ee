import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestProvider, type TestProvider } from "../packages/server/test/oidc/testProvider.ts";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const PASSWORD = "correct horse battery staple";

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Single sign-on in Chromium, in each language: the owner configures the organisation's OpenID
 * Connect provider on the "Single sign-on" page (a real oidc-provider on 127.0.0.1, tested with
 * "Test connection"), then a new person signs in with "Sign in with …" and gets an account just in
 * time; someone from a domain that is not allowed is sent back with the reason in words.
 */
describe.each(["ja", "en"] as Locale[])("single sign-on in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `sso-${locale}`;
  const ownerEmail = `owner@${slug}.example`;
  const story = browserStory(locale, { env: { ENGAWA_OIDC_ALLOW_HTTP_ISSUER: "true" } });
  const { newPage } = story;
  let idp: TestProvider;

  beforeAll(async () => {
    const server = story.server;
    idp = await startTestProvider([`${server.url}/api/auth/sso/callback`]);
    // The organisation and its owner, through the API (the first-day flow has its own e2e).
    const token = new URL(server.setupLink).hash.replace("#token=", "");
    const created = await post(`${server.url}/api/setup`, {
      token,
      operator: { email: `ops@${slug}.example`, displayName: "Ops", password: PASSWORD },
      tenant: { name: `SSO ${locale}`, slug },
      owner: { email: ownerEmail, displayName: "Owner" },
    });
    const invite = new URL(String(created.ownerInviteUrl)).hash.replace("#token=", "");
    await post(`${server.url}/api/invitations/accept`, {
      token: invite,
      displayName: "Owner",
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await idp?.close();
  });

  it("lets the owner configure the identity provider on the Single sign-on page", async () => {
    const page = await newPage();
    await page.goto(
      `${story.server.url}/sign-in?tenant=${slug}&email=${encodeURIComponent(ownerEmail)}`,
    );
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.keyboard.press("Enter");
    await titleContaining(page, fill(T.home.title, { name: "Owner" })).waitFor();
    await page
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.sso })
      .click();
    await titleContaining(page, T.sso.title).waitFor();
    await expectAccessible(page, "single sign-on page");

    // Presets fill in the documented issuers; then back to a custom provider (the test one).
    await page.getByLabel(T.sso.preset, { exact: true }).selectOption("google");
    expect(await page.getByLabel(T.sso.issuer, { exact: true }).inputValue()).toBe(
      "https://accounts.google.com",
    );
    await page.getByLabel(T.sso.preset, { exact: true }).selectOption("custom");
    await page.getByLabel(T.sso.issuer, { exact: true }).fill(idp.issuer);
    await page.getByRole("button", { name: T.sso.test }).click();
    await page.getByText(fill(T.sso.testOk, { issuer: idp.issuer })).waitFor();
    expect(await page.getByLabel(T.sso.redirectUri, { exact: true }).inputValue()).toBe(
      `${story.server.url}/api/auth/sso/callback`,
    );
    await page.getByLabel(T.sso.clientId, { exact: true }).fill(idp.clientId);
    await page.getByLabel(T.sso.clientSecret, { exact: true }).fill(idp.clientSecret);
    await page.getByLabel(T.sso.domains, { exact: true }).fill(`${slug}.example`);
    await page.getByLabel(T.sso.buttonLabel, { exact: true }).fill("Test IdP");
    await page.getByLabel(T.sso.jit, { exact: true }).check();
    await page.getByLabel(T.sso.enabled, { exact: true }).check();
    await page.getByRole("button", { name: T.common.save }).click();
    await page.getByText(T.sso.saved).waitFor();
    expect(await page.getByLabel(T.sso.clientSecret, { exact: true }).inputValue()).toBe("");
    await page.getByText(T.sso.secretSet).waitFor();
    await expectAccessible(page, "single sign-on page, saved");
  });

  it("signs a new person in with “Sign in with …” and creates their account", async () => {
    const subject = `nurse-${locale}`;
    idp.accounts.set(subject, {
      email: `nurse@${slug}.example`,
      emailVerified: true,
      name: locale === "ja" ? "看護 花子" : "Hana Nurse",
    });
    idp.nextSubject = subject;
    const page = await newPage();
    await page.goto(`${story.server.url}/sign-in`);
    await page.getByLabel(T.common.tenantId, { exact: true }).fill(slug);
    const button = page.getByRole("link", { name: fill(T.signIn.ssoWith, { label: "Test IdP" }) });
    await button.waitFor();
    await expectAccessible(page, "sign-in with SSO");
    await button.focus();
    await page.keyboard.press("Enter");
    await titleContaining(
      page,
      fill(T.home.title, { name: locale === "ja" ? "看護 花子" : "Hana Nurse" }),
    ).waitFor();
    await expectAccessible(page, "home after SSO");
  });

  it("explains a refusal in words on the sign-in page", async () => {
    const subject = `outsider-${locale}`;
    idp.accounts.set(subject, { email: "someone@elsewhere.example", emailVerified: true });
    idp.nextSubject = subject;
    const page = await newPage();
    await page.goto(`${story.server.url}/api/auth/sso/start?tenant=${slug}`);
    await page.getByText(T.signIn.ssoErrors.domain_not_allowed).waitFor();
    expect(await page.getByLabel(T.common.tenantId, { exact: true }).inputValue()).toBe(slug);
    await expectAccessible(page, "sign-in after a refused SSO");
  });
});
