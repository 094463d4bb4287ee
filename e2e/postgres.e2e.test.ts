import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/browser.ts";
import { startEngawa, type EngawaProcess } from "./support/server.ts";
import { TEXT } from "./support/text.ts";

const PASSWORD = "correct horse battery staple";
const ADMIN_URL = process.env.TEST_DATABASE_URL;
const T = TEXT.en;

/**
 * The smoke path on a PostgreSQL server (ISSUE acceptance 5): a fresh database, migrated by the
 * owner role, served by a separate login role, through setup to a signed-in owner.
 */
describe.each(ADMIN_URL ? [ADMIN_URL] : [])("Engawa on PostgreSQL", (adminUrl) => {
  const run = randomBytes(4).toString("hex");
  const database = `engawa_e2e_${run}`;
  const role = `engawa_e2e_app_${run}`;
  let server: EngawaProcess;
  let browser: Browser;

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const urlFor = (user: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    url.username = user;
    return url.toString();
  };

  beforeAll(async () => {
    await admin(`CREATE ROLE "${role}" LOGIN`);
    await admin(`CREATE DATABASE "${database}"`);
    server = await startEngawa({
      DATABASE_URL: urlFor(role),
      DATABASE_MIGRATION_URL: urlFor(new URL(adminUrl).username || "postgres"),
      ENGAWA_MASTER_KEY: randomBytes(32).toString("base64"),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin(`DROP OWNED BY "${role}"`).catch(() => undefined);
    await admin(`DROP ROLE IF EXISTS "${role}"`);
  });

  it("sets up, invites the owner and signs in", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(server.setupLink);
    await page.getByLabel(T.setup.operatorEmail, { exact: true }).fill("ops@pg.example");
    await page.getByLabel(T.setup.operatorName, { exact: true }).fill("Ops");
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.common.tenantName, { exact: true }).fill("PG Hospital");
    await page.getByLabel(T.common.tenantId, { exact: true }).fill("pg-hospital");
    await page.getByLabel(T.setup.ownerEmail, { exact: true }).fill("owner@pg.example");
    await page.getByLabel(T.setup.ownerName, { exact: true }).fill("Owner");
    await page.getByRole("button", { name: T.setup.submit }).click();
    const link = await page.getByLabel(T.setup.ownerLink, { exact: true }).inputValue();
    await page.goto(link);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.invite.submit }).click();
    await page.getByRole("link", { name: T.invite.goSignIn }).click();
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Welcome, Owner" }).waitFor();
    await page.getByRole("link", { name: T.shell.audit }).click();
    await page
      .getByRole("table", { name: T.audit.tableLabel })
      .getByText("auth.sign_in")
      .first()
      .waitFor();
    expect(server.output()).not.toMatch(/error/i);
    await context.close();
  });
});
