import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ChannelSummary,
  FileDetail,
  FileListResponse,
  FileSummary,
  Message,
  MessagePage,
  SearchResult,
  TeamSummary,
} from "@engawa/shared";
import { scopeFor } from "../../platform/scope.ts";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Every file under a folder (the encrypted blobs). */
function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(full);
    }
  };
  walk(root);
  return found;
}

/**
 * Files in channels through the HTTP API, on each database: streamed encrypted upload, download of
 * identical bytes with safe headers, versions by name, the tenant's size limit enforced while
 * streaming, sniffed types, thumbnails, attachments on messages, search by file name, and access
 * following the channel.
 */
describe.each(backends())("files on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let member: TestBrowser;
  let admin: TestBrowser;
  let general: ChannelSummary;
  let filesDir: string;

  const signedIn = async (email: string) => {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn("acme", email, PASSWORD);
    if (reply.status !== 200) throw new Error(reply.body);
    return browser;
  };
  const upload = (
    browser: TestBrowser,
    channelId: string,
    name: string,
    bytes: Buffer | Readable,
  ) =>
    browser.request(
      "POST",
      `/api/t/acme/channels/${channelId}/files?name=${encodeURIComponent(name)}`,
      bytes,
      { "content-type": "application/octet-stream" },
    );

  beforeAll(async () => {
    t = await createTestApp(backend);
    filesDir = t.services.config.filesDir;
    world = await seedWorld(t.services);
    owner = await signedIn(world.a.users.owner.email);
    member = await signedIn(world.a.users.member.email);
    admin = await signedIn(world.a.users.admin.email);
    const team = (
      await owner.post("/api/t/acme/teams", { name: "病棟", visibility: "private" })
    ).json<TeamSummary>();
    await owner.put(`/api/t/acme/teams/${team.id}/members/${world.a.users.member.id}`, {
      role: "member",
    });
    [general] = (await owner.get(`/api/t/acme/teams/${team.id}/channels`)).json<{
      channels: ChannelSummary[];
    }>().channels as [ChannelSummary];
  });
  afterAll(async () => t.close());

  it("stores an upload encrypted and gives another member the identical bytes, as a download", async () => {
    const content = Buffer.from("申し送り: 302号室の点滴は14時に交換\n".repeat(5000), "utf8");
    const reply = await upload(owner, general.id, "申し送り 2026年11月.txt", content);
    expect(reply.status, reply.body).toBe(201);
    const file = reply.json<FileSummary>();
    expect(file).toMatchObject({
      name: "申し送り 2026年11月.txt",
      current: { version: 1, size: content.length, contentType: "text/plain; charset=utf-8" },
    });

    const download = await member.get(`/api/t/acme/files/${file.id}/content`);
    expect(download.status).toBe(200);
    expect(sha256(download.raw)).toBe(sha256(content));
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(String(download.headers["content-disposition"])).toBe(
      `attachment; filename="____ 2026_11_.txt"; filename*=UTF-8''${encodeURIComponent("申し送り 2026年11月.txt")}`,
    );

    // On disk: one blob, named by a random id, holding none of the text.
    const blobs = filesUnder(filesDir);
    expect(blobs.length).toBeGreaterThan(0);
    for (const blob of blobs) {
      expect(path.basename(blob)).toMatch(/^[0-9a-f-]{36}$/);
      expect(readFileSync(blob).includes(Buffer.from("302号室"))).toBe(false);
    }
  });

  it("sniffs the type from the bytes, not the name, and never serves HTML as a page", async () => {
    const png = await sharp({
      create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 30, b: 30 } },
    })
      .png()
      .toBuffer();
    const disguised = (await upload(owner, general.id, "report.pdf", png)).json<FileSummary>();
    expect(disguised.current.contentType).toBe("image/png");
    const html = (
      await upload(owner, general.id, "page.html", Buffer.from("<html><script>alert(1)</script>"))
    ).json<FileSummary>();
    expect(html.current.contentType).toBe("text/plain; charset=utf-8");
    const download = await member.get(`/api/t/acme/files/${html.id}/content`);
    expect(String(download.headers["content-disposition"])).toMatch(/^attachment;/);
    expect(String(download.headers["content-security-policy"])).toContain("sandbox");
  });

  it("makes an encrypted thumbnail of an image", async () => {
    const png = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: { r: 10, g: 120, b: 200 } },
    })
      .png()
      .toBuffer();
    const file = (await upload(owner, general.id, "x-ray.png", png)).json<FileSummary>();
    expect(file.current.hasThumbnail).toBe(true);
    const thumbnail = await member.get(`/api/t/acme/files/${file.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers["content-type"]).toBe("image/webp");
    const meta = await sharp(thumbnail.raw).metadata();
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(320);
    const text = (
      await upload(owner, general.id, "notes.txt", Buffer.from("no image"))
    ).json<FileSummary>();
    expect((await member.get(`/api/t/acme/files/${text.id}/thumbnail`)).status).toBe(404);
  });

  it("adds a version when the same name is uploaded again, and serves each version", async () => {
    const first = (
      await upload(owner, general.id, "当番表.xlsx", Buffer.from("version one"))
    ).json<FileSummary>();
    // Same name, other case and Unicode form: the same file.
    const second = (
      await upload(member, general.id, "当番表.XLSX", Buffer.from("version two"))
    ).json<FileSummary>();
    expect(second.id).toBe(first.id);
    expect(second.current.version).toBe(2);
    const detail = (await member.get(`/api/t/acme/files/${first.id}`)).json<FileDetail>();
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(detail.versions[0]?.uploadedBy.id).toBe(world.a.users.member.id);
    expect((await member.get(`/api/t/acme/files/${first.id}/content?version=1`)).body).toBe(
      "version one",
    );
    expect((await member.get(`/api/t/acme/files/${first.id}/content`)).body).toBe("version two");
    expect((await member.get(`/api/t/acme/files/${first.id}/content?version=9`)).status).toBe(404);
    const list = (
      await member.get(`/api/t/acme/channels/${general.id}/files`)
    ).json<FileListResponse>();
    expect(list.files.filter((f) => f.id === first.id)).toHaveLength(1);
    expect(list.maxBytes).toBe(100 * 1024 * 1024);
  });

  it("sanitises names: no paths, control or bidi characters, reserved device names", async () => {
    const file = (
      await upload(owner, general.id, "..\\..\\etc/in\u202evoice\u0007fdp.exe", Buffer.from("x"))
    ).json<FileSummary>();
    expect(file.name).toBe("invoicefdp.exe");
    const device = (
      await upload(owner, general.id, "CON.txt", Buffer.from("y"))
    ).json<FileSummary>();
    expect(device.name).toBe("_CON.txt");
  });

  it("refuses a file over the tenant's limit while it streams, keeping nothing of it", async () => {
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const settings = await t.services.tenancy.settings(scope);
    await t.services.tenancy.updateSettings(scope, { ...settings, fileMaxMegabytes: 1 });
    const before = filesUnder(filesDir).length;
    const big = Buffer.alloc(1024 * 1024 + 1, 0x61);
    const declared = await upload(owner, general.id, "big.bin", big);
    expect(declared.status).toBe(413);
    expect(declared.json()).toMatchObject({ error: { code: "file_too_large" } });
    expect(declared.json<{ error: { message: string } }>().error.message).toContain("1 MB");
    // Without a declared length the limit is met while the bytes arrive.
    async function* chunks() {
      for (let i = 0; i < 40; i++) yield Buffer.alloc(64 * 1024, 0x62);
    }
    const streamed = await upload(owner, general.id, "big-stream.bin", Readable.from(chunks()));
    expect(streamed.status).toBe(413);
    expect(streamed.json()).toMatchObject({ error: { code: "file_too_large" } });
    expect(filesUnder(filesDir).length).toBe(before);
    await t.services.tenancy.updateSettings(scope, { ...settings, fileMaxMegabytes: 100 });
  });

  it("refuses a JSON body and people outside the channel", async () => {
    const json = await owner.post(`/api/t/acme/channels/${general.id}/files?name=a.txt`, { a: 1 });
    expect(json.status).toBe(415);
    const file = (
      await upload(owner, general.id, "private.txt", Buffer.from("z"))
    ).json<FileSummary>();
    // acme's admin is not in the team: the file is as invisible as the channel.
    expect((await admin.get(`/api/t/acme/files/${file.id}/content`)).status).toBe(404);
    expect((await admin.get(`/api/t/acme/files/${file.id}`)).status).toBe(404);
    expect((await upload(admin, general.id, "x.txt", Buffer.from("x"))).status).toBe(404);
  });

  it("attaches files to messages, shows them to readers and finds the message by a file's name", async () => {
    const file = (
      await upload(owner, general.id, "退院サマリー.pdf", Buffer.from("%PDF-1.7 fake"))
    ).json<FileSummary>();
    const posted = await owner.post(`/api/t/acme/channels/${general.id}/messages`, {
      attachments: [file.id],
    });
    expect(posted.status, posted.body).toBe(201);
    expect(posted.json<Message>().attachments).toEqual([
      expect.objectContaining({
        fileId: file.id,
        name: "退院サマリー.pdf",
        contentType: "application/pdf",
        version: 1,
      }),
    ]);
    const page = (
      await member.get(`/api/t/acme/channels/${general.id}/messages`)
    ).json<MessagePage>();
    const seen = page.messages.find((m) => m.id === posted.json<Message>().id);
    expect(seen?.attachments[0]?.name).toBe("退院サマリー.pdf");
    const results = (
      await member.get(`/api/t/acme/search?q=${encodeURIComponent("退院サマリー")}`)
    ).json<{ results: SearchResult[] }>().results;
    expect(results.map((r) => r.message.id)).toContain(posted.json<Message>().id);

    const empty = await owner.post(`/api/t/acme/channels/${general.id}/messages`, {});
    expect(empty.status).toBe(400);
    const otherTeam = (
      await member.post("/api/t/acme/teams", { name: "Other", visibility: "private" })
    ).json<TeamSummary>();
    const [elsewhere] = (await member.get(`/api/t/acme/teams/${otherTeam.id}/channels`)).json<{
      channels: ChannelSummary[];
    }>().channels as [ChannelSummary];
    const moved = await member.post(`/api/t/acme/channels/${elsewhere.id}/messages`, {
      body: "look",
      attachments: [file.id],
    });
    expect(moved.status).toBe(400);
    expect(moved.json()).toMatchObject({ error: { field: "attachments" } });
  });

  it("deletes a file with its versions and blobs; its messages show it gone and search forgets its name", async () => {
    const before = filesUnder(filesDir).length;
    await upload(
      member,
      general.id,
      "検査結果.png",
      await sharp({
        create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 0, b: 0 } },
      })
        .png()
        .toBuffer(),
    );
    const file = (
      await upload(
        member,
        general.id,
        "検査結果.png",
        await sharp({
          create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 0, b: 200 } },
        })
          .png()
          .toBuffer(),
      )
    ).json<FileSummary>();
    expect(file.current.version).toBe(2);
    // Two versions, each with its content and its preview.
    expect(filesUnder(filesDir).length).toBe(before + 4);
    const posted = (
      await member.post(`/api/t/acme/channels/${general.id}/messages`, {
        body: "午後の検査",
        attachments: [file.id],
      })
    ).json<Message>();

    // Someone outside the channel: not there.
    const byAdmin = await admin.request("DELETE", `/api/t/acme/files/${file.id}`);
    expect(byAdmin.status).toBe(404);
    expect(await member.get(`/api/t/acme/files/${file.id}`)).toMatchObject({ status: 200 });

    const deleted = await member.request("DELETE", `/api/t/acme/files/${file.id}`);
    expect(deleted.status, deleted.body).toBe(200);
    expect((await member.get(`/api/t/acme/files/${file.id}`)).status).toBe(404);
    expect((await member.get(`/api/t/acme/files/${file.id}/content?version=1`)).status).toBe(404);
    expect((await member.request("DELETE", `/api/t/acme/files/${file.id}`)).status).toBe(404);
    expect(filesUnder(filesDir).length).toBe(before);

    // The message changed (a new sequence number, for live and catching-up readers), without it.
    const changes = (
      await owner.get(`/api/t/acme/channels/${general.id}/messages?after=${posted.seq}`)
    ).json<MessagePage>().messages;
    const changed = changes.find((m) => m.id === posted.id);
    expect(changed?.attachments).toEqual([]);
    expect(changed?.body).toBe("午後の検査");
    const byName = (
      await owner.get(`/api/t/acme/search?q=${encodeURIComponent("検査結果")}`)
    ).json<{ results: SearchResult[] }>().results;
    expect(byName.map((r) => r.message.id)).not.toContain(posted.id);
    const byText = (
      await owner.get(`/api/t/acme/search?q=${encodeURIComponent("午後の検査")}`)
    ).json<{ results: SearchResult[] }>().results;
    expect(byText.map((r) => r.message.id)).toContain(posted.id);

    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const events = (await t.services.audit.list(scope, { limit: 20 })).events;
    expect(events.find((e) => e.action === "file.delete" && e.outcome === "allow")).toMatchObject({
      outcome: "allow",
      details: { versions: 2, messages: 1, deletedBy: world.a.users.member.id },
    });
  });

  it("lets a team owner delete someone else's file, and nobody else", async () => {
    const file = (
      await upload(member, general.id, "memo.txt", Buffer.from("note"))
    ).json<FileSummary>();
    const mine = (
      await upload(owner, general.id, "owner.txt", Buffer.from("owner's"))
    ).json<FileSummary>();
    // The member neither uploaded the owner's file nor owns the team: refused as if not there,
    // as a message's deletion is; the file stays.
    const refused = await member.request("DELETE", `/api/t/acme/files/${mine.id}`);
    expect(refused.status).toBe(404);
    expect((await member.get(`/api/t/acme/files/${mine.id}`)).status).toBe(200);
    expect((await owner.request("DELETE", `/api/t/acme/files/${file.id}`)).status).toBe(200);
    const bad = await owner.request("DELETE", "/api/t/acme/files/not-a-uuid");
    expect(bad.status).toBe(400);
  });
});
