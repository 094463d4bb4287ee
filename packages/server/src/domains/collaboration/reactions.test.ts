import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelSummary, Message, MessagePage } from "@engawa/shared";
import { backends } from "../../../test/database.ts";
import { privateTeamOfOwnerAndMember } from "../../../test/collaboration.ts";
import type { World } from "../../../test/fixtures.ts";
import type { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient } from "../../../test/wsClient.ts";

/**
 * Reactions, on each database: readers react and take it back, everyone sees who reacted how
 * (live too, as a change of the message), asking twice changes nothing, outsiders are told the
 * message is not there, and a deleted message takes none.
 */
describe.each(backends())("reactions on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let member: TestBrowser;
  let admin: TestBrowser;
  let base: string;
  let socket: WsClient;
  let general: ChannelSummary;
  let message: Message;

  const react = (browser: TestBrowser, method: "PUT" | "DELETE", reaction: string) =>
    browser.request(method, `/api/t/acme/messages/${message.id}/reactions/${reaction}`);

  beforeAll(async () => {
    t = await createTestApp(backend);
    ({ world, owner, member, admin, base, general } = await privateTeamOfOwnerAndMember(t, "外来"));
    message = (
      await owner.post(`/api/t/acme/channels/${general.id}/messages`, { body: "本日の申し送り" })
    ).json<Message>();
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
  });

  it("shows who reacted how, live as a change of the message", async () => {
    socket = await WsClient.connect(base, owner);
    await socket.next((f) => f.event === "ready");
    await socket.send("channel.subscribe", { channelId: general.id });

    const liked = await react(member, "PUT", "like");
    expect(liked.status, liked.body).toBe(200);
    expect(liked.json<Message>().reactions).toEqual([
      {
        reaction: "like",
        users: [{ id: world.a.users.member.id, displayName: expect.any(String) }],
      },
    ]);
    const live = await socket.next(
      (f) =>
        f.event === "channel.message" &&
        (f.payload as { message: Message }).message.reactions.length > 0,
    );
    const changed = (live.payload as { message: Message }).message;
    expect(changed.id).toBe(message.id);
    expect(changed.seq).toBeGreaterThan(message.seq);

    t.clock.advance(1_000);
    await react(owner, "PUT", "heart");
    await react(owner, "PUT", "like");
    const page = (
      await member.get(`/api/t/acme/channels/${general.id}/messages`)
    ).json<MessagePage>();
    const shown = page.messages.find((m) => m.id === message.id);
    // In the order reactions are offered, each with its people in the order they reacted.
    expect(shown?.reactions.map((r) => [r.reaction, r.users.map((u) => u.id)])).toEqual([
      ["like", [world.a.users.member.id, world.a.users.owner.id]],
      ["heart", [world.a.users.owner.id]],
    ]);
  });

  it("changes nothing when asked twice, and takes a reaction back", async () => {
    const before = (await react(member, "PUT", "like")).json<Message>();
    const again = (await react(member, "PUT", "like")).json<Message>();
    expect(again.seq).toBe(before.seq);
    const back = await react(member, "DELETE", "like");
    expect(back.status).toBe(200);
    expect(back.json<Message>().reactions.find((r) => r.reaction === "like")?.users).toEqual([
      { id: world.a.users.owner.id, displayName: expect.any(String) },
    ]);
  });

  it("tells outsiders the message is not there, refuses unknown reactions and deleted messages", async () => {
    expect((await react(admin, "PUT", "like")).status).toBe(404);
    const unknown = await react(member, "PUT", "thumbsdown");
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe("invalid_request");
    expect((await owner.delete(`/api/t/acme/messages/${message.id}`)).status).toBe(200);
    const gone = await react(member, "PUT", "sad");
    expect(gone.status).toBe(409);
    expect(gone.json<{ error: { code: string } }>().error.code).toBe("invalid_state");
  });
});
