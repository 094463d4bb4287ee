import { PASSWORD, type World } from "../fixtures.ts";
import { TestBrowser } from "../http.ts";
import type { TestApp } from "../testApp.ts";
import { issueScimToken, ScimBrowser } from "../scimClient.ts";

/**
 * Who knocks. `otherOwner` is the owner of the other tenant (beta); `scim` and `otherScim` are the
 * provisioning clients (bearer tokens) of acme and beta.
 */
export type Who =
  | "anonymous"
  | "owner"
  | "admin"
  | "member"
  | "guest"
  | "otherOwner"
  | "operator"
  | "scim"
  | "otherScim";

export type Browsers = Record<Who, TestBrowser>;

/** One signed-in browser per principal of the seeded world. */
export async function signInAll(t: TestApp, world: World): Promise<Browsers> {
  const browsers = {} as Browsers;
  browsers.anonymous = new TestBrowser(t.app);
  for (const role of ["owner", "admin", "member", "guest"] as const) {
    const b = new TestBrowser(t.app);
    const reply = await b.signIn(world.a.slug, world.a.users[role].email, PASSWORD);
    if (reply.status !== 200) throw new Error(`${role} cannot sign in: ${reply.body}`);
    browsers[role] = b;
  }
  browsers.otherOwner = new TestBrowser(t.app);
  await browsers.otherOwner.signIn(world.b.slug, world.b.users.owner.email, PASSWORD);
  browsers.operator = new TestBrowser(t.app);
  await browsers.operator.operatorSignIn(world.operator.email, PASSWORD);
  browsers.scim = new ScimBrowser(t.app, (await issueScimToken(t, world.a.id)).secret);
  browsers.otherScim = new ScimBrowser(t.app, (await issueScimToken(t, world.b.id)).secret);
  return browsers;
}
