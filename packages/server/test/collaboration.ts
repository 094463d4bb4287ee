import type { ChannelSummary, TeamSummary } from "@engawa/shared";
import { PASSWORD, seedWorld, type World } from "./fixtures.ts";
import { TestBrowser } from "./http.ts";
import type { TestApp } from "./testApp.ts";

/** A browser signed in to acme as `email` with {@link PASSWORD}; throws if the sign-in fails. */
async function signedInToAcme(t: TestApp, email: string): Promise<TestBrowser> {
  const browser = new TestBrowser(t.app);
  const reply = await browser.signIn("acme", email, PASSWORD);
  if (reply.status !== 200) throw new Error(reply.body);
  return browser;
}

export interface PrivateTeam {
  world: World;
  /** acme's owner, who made the team. */
  owner: TestBrowser;
  /** acme's member, whom the owner added to the team. */
  member: TestBrowser;
  /** acme's admin, who is not in the team. */
  admin: TestBrowser;
  /** Where the app listens (a free port on 127.0.0.1), for WebSocket clients. */
  base: string;
  /** The team's General channel. */
  general: ChannelSummary;
}

/**
 * Where the tests of what happens to messages (reactions, pins) start: the seeded world, acme's
 * owner, member and admin signed in, the app listening for live updates, and a private team
 * (`teamName`) of the owner and the member, made through the API as the web client does.
 */
export async function privateTeamOfOwnerAndMember(
  t: TestApp,
  teamName: string,
): Promise<PrivateTeam> {
  const world = await seedWorld(t.services);
  const owner = await signedInToAcme(t, world.a.users.owner.email);
  const member = await signedInToAcme(t, world.a.users.member.email);
  const admin = await signedInToAcme(t, world.a.users.admin.email);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const team = (
    await owner.post("/api/t/acme/teams", { name: teamName, visibility: "private" })
  ).json<TeamSummary>();
  await owner.request("PUT", `/api/t/acme/teams/${team.id}/members/${world.a.users.member.id}`, {
    role: "member",
  });
  const general = (await owner.get(`/api/t/acme/teams/${team.id}/channels`)).json<{
    channels: ChannelSummary[];
  }>().channels[0] as ChannelSummary;
  return { world, owner, member, admin, base, general };
}
