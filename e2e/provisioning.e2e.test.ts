import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserStory, expectAccessible } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const PASSWORD = "correct horse battery staple";

/**
 * ISSUE (SCIM) in each language: an owner opens "Provisioning (SCIM)", sees the base URL, creates a
 * token (shown once, with Copy) that a provisioning client can use, rotates it (the old secret stops
 * working) and revokes it — by keyboard where a person would — and every state passes axe.
 */
describe.each(["ja", "en"] as Locale[])("SCIM tokens in the admin pages, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `scim-${locale}`;
  const ownerEmail = `owner@${slug}.example`;
  const story = browserStory(locale);
  let page: Page;

  const scimStatus = async (secret: string): Promise<number> =>
    (
      await fetch(`${story.server.url}/scim/v2/Users`, {
        headers: { authorization: `Bearer ${secret}` },
      })
    ).status;
  const secretInDialog = async (): Promise<string> => {
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: T.provisioning.secretTitle }).waitFor();
    const secret = await dialog
      .getByLabel(T.provisioning.secretLabel, { exact: true })
      .inputValue();
    expect(secret).toMatch(/^engawa_scim_[A-Za-z0-9_-]{43}$/);
    return secret;
  };

  beforeAll(async () => {
    const server = story.server;
    // First-run setup and the owner's invitation through the API, as the foundation suite's pages do.
    const token = new URL(server.setupLink).hash.replace("#token=", "");
    const setup = await fetch(`${server.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        token,
        operator: { email: `ops@${slug}.example`, displayName: "Ops", password: PASSWORD },
        tenant: { name: `SCIM ${locale}`, slug },
        owner: { email: ownerEmail, displayName: "Owner" },
      }),
    });
    expect(setup.status).toBe(201);
    const { ownerInviteUrl } = (await setup.json()) as { ownerInviteUrl: string };
    const accepted = await fetch(`${server.url}/api/invitations/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        token: new URL(ownerInviteUrl).hash.replace("#token=", ""),
        displayName: "Owner",
        password: PASSWORD,
      }),
    });
    expect(accepted.status).toBe(200);
    page = await story.newPage();
  });

  it("creates, rotates and revokes a token", async () => {
    await page.goto(`${story.server.url}/sign-in`);
    await page.getByLabel(T.common.tenantId, { exact: true }).fill(slug);
    await page.getByLabel(T.common.email, { exact: true }).fill(ownerEmail);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
    await page
      .getByRole("heading", { level: 1, name: fill(T.home.title, { name: "Owner" }) })
      .waitFor();

    await page
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.provisioning })
      .click();
    await page.getByRole("heading", { level: 1, name: T.provisioning.title }).waitFor();
    expect(await page.getByLabel(T.provisioning.baseUrl, { exact: true }).inputValue()).toBe(
      `${story.server.url}/scim/v2`,
    );
    await page.getByText(T.provisioning.empty).waitFor();
    await expectAccessible(page, "provisioning page");

    // Create by keyboard: type the name and press Enter.
    await page.getByLabel(T.provisioning.tokenName).focus();
    await page.keyboard.type("Entra ID");
    await page.keyboard.press("Enter");
    const first = await secretInDialog();
    await expectAccessible(page, "token created dialog");
    expect(await scimStatus(first)).toBe(200);
    await page.getByRole("dialog").getByRole("button", { name: T.common.close }).first().click();
    await page.getByRole("cell", { name: "Entra ID", exact: true }).waitFor();

    await page
      .getByRole("button", { name: fill(T.provisioning.rotateFor, { name: "Entra ID" }) })
      .click();
    const confirm = page.getByRole("dialog");
    await confirm
      .getByRole("heading", { name: fill(T.provisioning.rotateTitle, { name: "Entra ID" }) })
      .waitFor();
    await expectAccessible(page, "rotate confirmation");
    await confirm.getByRole("button", { name: T.provisioning.rotate }).click();
    const second = await secretInDialog();
    expect(second).not.toBe(first);
    expect(await scimStatus(first)).toBe(401);
    expect(await scimStatus(second)).toBe(200);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });

    await page
      .getByRole("button", { name: fill(T.provisioning.revokeFor, { name: "Entra ID" }) })
      .click();
    await page.getByRole("dialog").getByRole("button", { name: T.provisioning.revoke }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.getByText(fill(T.provisioning.revoked, { name: "Entra ID" })).waitFor();
    await page.getByText(T.provisioning.statuses.revoked, { exact: true }).waitFor();
    expect(await scimStatus(second)).toBe(401);
    expect(
      await page
        .getByLabel(T.provisioning.tokenName)
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await expectAccessible(page, "after revoking");
  });
});
