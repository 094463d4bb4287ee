import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelSummary, Message, MessagePage, PinnedMessages } from "@engawa/shared";
import { scopeFor } from "../../platform/scope.ts";
import { backends } from "../../../test/database.ts";
import { privateTeamOfOwnerAndMember } from "../../../test/collaboration.ts";
import type { World } from "../../../test/fixtures.ts";
import type { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient } from "../../../test/wsClient.ts";

/**
 * Pins, on each database: whoever may post in a channel pins a message for everyone (live, as a
 * change of the message, and for a client catching up), the channel lists its pins newest first
 * with their text, unpinning and asking twice behave, pins are audited, outsiders are told
 * nothing is there, a deleted message leaves the pins and cannot be pinned, bad ids are 400.
 */
describe.each(backends())("pins on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let member: TestBrowser;
  let admin: TestBrowser;
  let base: string;
  let socket: WsClient;
  let general: ChannelSummary;
  let first: Message;
  let second: Message;

  const pin = (browser: TestBrowser, method: "PUT" | "DELETE", message: Message) =>
    browser.request(method, `/api/t/acme/messages/${message.id}/pin`);
  const pins = async (browser: TestBrowser) => {
    const reply = await browser.get(`/api/t/acme/channels/${general.id}/pins`);
    expect(reply.status, reply.body).toBe(200);
    return reply.json<PinnedMessages>();
  };
  const auditedPins = async () => {
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const { events } = await t.services.audit.list(scope, { outcome: "allow", limit: 200 });
    return events
      .filter((e) => e.action === "message.pin" || e.action === "message.unpin")
      .map((e) => [e.action, e.target?.id, e.actor.id]);
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
    ({ world, owner, member, admin, base, general } = await privateTeamOfOwnerAndMember(t, "病棟"));
    first = (
      await owner.post(`/api/t/acme/channels/${general.id}/messages`, { body: "面会は15時まで" })
    ).json<Message>();
    second = (
      await owner.post(`/api/t/acme/channels/${general.id}/messages`, { body: "内線は 4102" })
    ).json<Message>();
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
  });

  it("pins a message for everyone: live as a change of the message, and when catching up", async () => {
    socket = await WsClient.connect(base, owner);
    await socket.next((f) => f.event === "ready");
    await socket.send("channel.subscribe", { channelId: general.id });
    expect(first.pinned).toBeNull();

    const pinned = await pin(member, "PUT", first);
    expect(pinned.status, pinned.body).toBe(200);
    const answer = pinned.json<Message>();
    expect(answer.pinned).toEqual({
      by: { id: world.a.users.member.id, displayName: "member of acme" },
      at: t.clock.now().toISOString(),
    });
    expect(answer.seq).toBeGreaterThan(second.seq);

    const live = await socket.next(
      (f) =>
        f.event === "channel.message" &&
        (f.payload as { message: Message }).message.pinned !== null,
    );
    expect((live.payload as { message: Message }).message).toMatchObject({
      id: first.id,
      seq: answer.seq,
      pinned: answer.pinned,
    });
    // A client that was away asks for what changed after the last number it saw.
    const missed = (
      await owner.get(`/api/t/acme/channels/${general.id}/messages?after=${second.seq}`)
    ).json<MessagePage>();
    expect(missed.messages.map((m) => [m.id, m.pinned?.by.id])).toEqual([
      [first.id, world.a.users.member.id],
    ]);
    expect(await auditedPins()).toEqual([["message.pin", first.id, world.a.users.member.id]]);
  });

  it("lists the channel's pins newest first, with their text", async () => {
    t.clock.advance(60_000);
    expect((await pin(owner, "PUT", second)).status).toBe(200);
    const list = await pins(member);
    expect(list.messages.map((m) => [m.id, m.body, m.pinned?.by.id])).toEqual([
      [second.id, "内線は 4102", world.a.users.owner.id],
      [first.id, "面会は15時まで", world.a.users.member.id],
    ]);
    const page = (
      await member.get(`/api/t/acme/channels/${general.id}/messages`)
    ).json<MessagePage>();
    expect(list.lastSeq).toBe(page.lastSeq);
  });

  it("unpins; asking for what is already so changes nothing and audits nothing", async () => {
    const again = await pin(member, "PUT", second);
    expect(again.status).toBe(200);
    // Still the owner's pin, at the same change number.
    expect(again.json<Message>().pinned?.by.id).toBe(world.a.users.owner.id);
    const before = (await pins(owner)).lastSeq;
    expect(again.json<Message>().seq).toBe(before);

    const unpinned = await pin(member, "DELETE", second);
    expect(unpinned.status).toBe(200);
    expect(unpinned.json<Message>().pinned).toBeNull();
    expect(unpinned.json<Message>().seq).toBeGreaterThan(before);
    const twice = await pin(member, "DELETE", second);
    expect(twice.json<Message>().seq).toBe(unpinned.json<Message>().seq);
    expect((await pins(owner)).messages.map((m) => m.id)).toEqual([first.id]);
    expect(await auditedPins()).toEqual([
      ["message.unpin", second.id, world.a.users.member.id],
      ["message.pin", second.id, world.a.users.owner.id],
      ["message.pin", first.id, world.a.users.member.id],
    ]);
  });

  it("tells someone who cannot read the channel that nothing is there", async () => {
    for (const reply of [
      await pin(admin, "PUT", second),
      await pin(admin, "DELETE", first),
      await admin.get(`/api/t/acme/channels/${general.id}/pins`),
    ]) {
      expect(reply.status).toBe(404);
      expect(reply.json<{ error: { code: string } }>().error.code).toBe("not_found");
    }
    expect((await pins(owner)).messages.map((m) => m.id)).toEqual([first.id]);
  });

  it("drops a deleted message from the pins and refuses to pin one", async () => {
    expect((await owner.delete(`/api/t/acme/messages/${first.id}`)).status).toBe(200);
    expect((await pins(member)).messages).toEqual([]);
    const page = (
      await member.get(`/api/t/acme/channels/${general.id}/messages`)
    ).json<MessagePage>();
    expect(page.messages.find((m) => m.id === first.id)?.pinned).toBeNull();
    const refused = await pin(member, "PUT", first);
    expect(refused.status).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("invalid_state");
  });

  it("answers bad ids with 400", async () => {
    for (const reply of [
      await member.request("PUT", "/api/t/acme/messages/not-a-message/pin"),
      await member.request("DELETE", "/api/t/acme/messages/1234/pin"),
      await member.get("/api/t/acme/channels/not-a-channel/pins"),
    ]) {
      expect(reply.status, reply.body).toBe(400);
      expect(reply.json<{ error: { code: string } }>().error.code).toBe("invalid_request");
    }
  });
});
