import { request, type APIRequestContext } from "playwright-core";
import { PASSWORD } from "../support/organisation.ts";
import type { EngawaProcess } from "../support/server.ts";

/** A person of the test organisation, signed in through the API (cookies kept by `api`). */
export interface Person {
  id: string;
  email: string;
  name: string;
  api: APIRequestContext;
  csrf: string;
}

const CSRF_HEADER = "x-engawa-csrf";

async function ok<T>(what: string, reply: Awaited<ReturnType<APIRequestContext["post"]>>) {
  if (!reply.ok()) throw new Error(`${what}: ${reply.status()} ${await reply.text()}`);
  return (await reply.json()) as T;
}

async function signIn(server: EngawaProcess, slug: string, email: string, name: string) {
  const api = await request.newContext({ baseURL: server.url });
  const reply = await ok<{ session: { csrfToken: string }; user: { id: string } }>(
    `sign-in of ${email}`,
    await api.post("/api/auth/sign-in", { data: { tenant: slug, email, password: PASSWORD } }),
  );
  return { id: reply.user.id, email, name, api, csrf: reply.session.csrfToken };
}

/**
 * A fresh organisation on a fresh Engawa, set up through the API as the first-run page and the
 * invitation links would: its owner, and `members` more people, each signed in.
 */
export async function organisationOf(
  server: EngawaProcess,
  slug: string,
  members: number,
): Promise<{ owner: Person; members: Person[] }> {
  const api = await request.newContext({ baseURL: server.url });
  const ownerEmail = `owner@${slug}.example`;
  const setup = await ok<{ ownerInviteUrl: string }>(
    "first-run setup",
    await api.post("/api/setup", {
      data: {
        token: new URL(server.setupLink).hash.replace("#token=", ""),
        operator: { email: `ops@${slug}.example`, displayName: "Ops", password: PASSWORD },
        tenant: { name: `Meetings ${slug}`, slug },
        owner: { email: ownerEmail, displayName: "主催者" },
      },
    }),
  );
  const accept = async (url: string, displayName: string) =>
    ok(
      `accepting ${displayName}'s invitation`,
      await api.post("/api/invitations/accept", {
        data: {
          token: new URL(url).hash.replace("#token=", ""),
          displayName,
          password: PASSWORD,
        },
      }),
    );
  await accept(setup.ownerInviteUrl, "主催者");
  const owner = await signIn(server, slug, ownerEmail, "主催者");
  const people: Person[] = [];
  for (let i = 1; i <= members; i += 1) {
    const email = `member${String(i)}@${slug}.example`;
    const name = `参加者 ${String(i)}`;
    const invited = await ok<{ inviteUrl: string }>(
      `inviting ${email}`,
      await owner.api.post(`/api/t/${slug}/users`, {
        data: { email, displayName: name, role: "member" },
        headers: { [CSRF_HEADER]: owner.csrf },
      }),
    );
    await accept(invited.inviteUrl, name);
    people.push(await signIn(server, slug, email, name));
  }
  await api.dispose();
  return { owner, members: people };
}

/** Schedules a meeting by `organiser` starting now, inviting `invitees` (they bypass the lobby). */
export async function scheduleMeeting(
  slug: string,
  organiser: Person,
  invitees: Person[],
): Promise<{ id: string; joinCode: string }> {
  const startsAt = new Date();
  const reply = await ok<{ meeting: { id: string; joinCode: string } }>(
    "scheduling the meeting",
    await organiser.api.post(`/api/t/${slug}/meetings`, {
      data: {
        title: "全体朝礼",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: invitees.map((p) => p.id),
        lobbyBypass: "invited",
      },
      headers: { [CSRF_HEADER]: organiser.csrf },
    }),
  );
  return reply.meeting;
}
