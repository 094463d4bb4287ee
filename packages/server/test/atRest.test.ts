import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ChannelSummary, TeamSummary } from "@engawa/shared";
import { backends, createTestDatabase } from "./database.ts";
import { PASSWORD, seedWorld } from "./fixtures.ts";
import { TestBrowser } from "./http.ts";
import { createTestApp, type TestApp } from "./testApp.ts";

/** Marker strings posted as messages: none may appear in plain text at rest. */
const MARKERS = ["患者名マーカー山田太郎診療録", "Confidential-Marker-Zebra-4471"];
/** Inside an uploaded file's bytes, and in its name: neither may appear at rest either. */
const FILE_CONTENT_MARKERS = ["看護記録マーカー佐藤花子の既往歴", "File-Content-Marker-Otter-5521"];
const FILE_NAME_MARKER = "紹介状マーカー鈴木一郎-Heron-3308";
/** A meeting's title can name a patient as well. */
const MEETING_TITLE_MARKER = "退院カンファレンスマーカー高橋次郎-Lynx-7719";
/** And what is said in its chat. */
const MEETING_CHAT_MARKER = "会議チャットマーカー既往歴あり-Ibex-5520";
/** Planted where Engawa stores plain text by design (a team's name): the scanner must find it. */
const PLANTED = "PlantedPlainMarker-Kiwi-9083";

/** Every encoding a reader of the raw bytes might look for. */
function encodings(text: string): Buffer[] {
  const utf16le = Buffer.from(text, "utf16le");
  const utf16be = Buffer.from(utf16le).swap16();
  return [Buffer.from(text, "utf8"), utf16le, utf16be];
}

/** Files under a folder that contain any encoding of `text`, byte for byte. */
function filesContaining(root: string, text: string): string[] {
  const needles = encodings(text);
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else {
        const bytes = readFileSync(file);
        if (needles.some((needle) => bytes.includes(needle))) hits.push(file);
      }
    }
  };
  walk(root);
  return hits;
}

/**
 * Posts the markers in a new team's General channel (names the team with the planted marker) and
 * uploads a file holding the file markers, named with the name marker, attached to a message.
 */
async function postMarkers(t: TestApp): Promise<void> {
  const world = await seedWorld(t.services);
  const owner = new TestBrowser(t.app);
  await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
  const team = (
    await owner.post("/api/t/acme/teams", { name: PLANTED, visibility: "private" })
  ).json<TeamSummary>();
  const [general] = (await owner.get(`/api/t/acme/teams/${team.id}/channels`)).json<{
    channels: ChannelSummary[];
  }>().channels;
  for (const marker of MARKERS) {
    const reply = await owner.post(`/api/t/acme/channels/${general?.id ?? ""}/messages`, {
      body: `本文: ${marker} — end`,
    });
    expect(reply.status).toBe(201);
    // Edited once, so the earlier version (kept as history) is at rest too.
    const id = reply.json<{ id: string }>().id;
    await owner.request("PATCH", `/api/t/acme/messages/${id}`, { body: `改: ${marker}` });
  }
  const content = Buffer.from(
    `${FILE_CONTENT_MARKERS.join("\n")}\n`.repeat(3000) + FILE_CONTENT_MARKERS.join("\n"),
    "utf8",
  );
  const upload = await owner.request(
    "POST",
    `/api/t/acme/channels/${general?.id ?? ""}/files?name=${encodeURIComponent(`${FILE_NAME_MARKER}.txt`)}`,
    content,
    { "content-type": "application/octet-stream" },
  );
  expect(upload.status, upload.body).toBe(201);
  const fileId = upload.json<{ id: string }>().id;
  const posted = await owner.post(`/api/t/acme/channels/${general?.id ?? ""}/messages`, {
    body: "添付します",
    attachments: [fileId],
  });
  expect(posted.status).toBe(201);
  // The file is really there: the download gives back the same bytes.
  expect((await owner.get(`/api/t/acme/files/${fileId}/content`)).raw.equals(content)).toBe(true);
  const startsAt = new Date(t.clock.now().getTime() + 3600_000);
  const meeting = await owner.post("/api/t/acme/meetings", {
    title: MEETING_TITLE_MARKER,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    coOrganizerIds: [],
    inviteeIds: [],
    lobbyBypass: null,
  });
  expect(meeting.status, meeting.body).toBe(201);
  const { id: meetingId, joinCode } = meeting.json<{ meeting: { id: string; joinCode: string } }>()
    .meeting;
  expect(meeting.json<{ meeting: { title: string } }>().meeting.title).toBe(MEETING_TITLE_MARKER);
  const joined = await owner.post("/api/t/acme/meeting-joins", { code: joinCode });
  const chat = await owner.post(`/api/t/acme/meetings/${meetingId}/chat`, {
    participantId: joined.json<{ participantId: string }>().participantId,
    body: MEETING_CHAT_MARKER,
  });
  expect(chat.status, chat.body).toBe(201);
}

/** Everything that must not be readable at rest. */
const SECRETS = [
  ...MARKERS,
  ...FILE_CONTENT_MARKERS,
  FILE_NAME_MARKER,
  MEETING_TITLE_MARKER,
  MEETING_CHAT_MARKER,
];

/** The folder of encrypted file contents holds at least one blob at least as large as the file. */
function expectBlobs(filesDir: string): void {
  const sizes: number[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else sizes.push(statSync(file).size);
    }
  };
  walk(filesDir);
  expect(Math.max(0, ...sizes), "an encrypted blob is on disk").toBeGreaterThan(100_000);
}

/**
 * Encryption at rest (issue "Collaboration", acceptance 4): message text posted through the API,
 * the contents and name of an uploaded file, and a meeting's title, are not found in plain text — UTF-8 or UTF-16 — in the
 * embedded data folder on disk (database and file blobs), nor in a `pg_dump` of the PostgreSQL
 * database and the folder of file blobs beside it. The positive control (a team name, stored in plain text
 * by design) shows the scan does find plain text where it is.
 */
describe("nothing of what people write is readable at rest", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it("in the embedded database's data folder on disk", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "engawa-at-rest-"));
    folders.push(dir);
    // Uploaded files are kept in the data folder too (its files/ subfolder), as in embedded mode.
    const filesDir = path.join(dir, "files");
    const t = await createTestApp(
      "pglite",
      { ENGAWA_FILES_DIR: filesDir },
      await createTestDatabase("pglite", path.join(dir, "pgdata")),
    );
    await postMarkers(t);
    await t.close();
    expect(filesContaining(dir, PLANTED).length, "positive control").toBeGreaterThan(0);
    expectBlobs(filesDir);
    for (const marker of SECRETS) expect(filesContaining(dir, marker), marker).toEqual([]);
  });

  // Only when this run has a PostgreSQL server (TEST_DATABASE_URL, as CI sets it).
  if (backends().includes("postgres"))
    it("in a pg_dump of the PostgreSQL database", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "engawa-dump-"));
      folders.push(dir);
      const filesDir = path.join(dir, "files");
      const t = await createTestApp("postgres", { ENGAWA_FILES_DIR: filesDir });
      await postMarkers(t);
      const url = t.db.ownerUrl;
      if (!url) throw new Error("no owner URL");
      execFileSync("pg_dump", ["--no-owner", "--file", path.join(dir, "dump.sql"), url]);
      execFileSync("pg_dump", [
        "--format=custom",
        "--compress=0",
        "--file",
        path.join(dir, "dump.custom"),
        url,
      ]);
      await t.close();
      expect(filesContaining(dir, PLANTED).length, "positive control").toBe(2);
      expectBlobs(filesDir);
      for (const marker of SECRETS) expect(filesContaining(dir, marker), marker).toEqual([]);
    });
});
