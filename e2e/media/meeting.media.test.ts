import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  Meeting,
  MeetingChatResponse,
  MeetingParticipant,
} from "../../packages/shared/src/api/meetings.ts";
import { assertInsideMediaNamespace, launchMediaChromium } from "../support/mediaNamespace.ts";
import { organisationSteps, PASSWORD } from "../support/organisation.ts";
import { expectAccessible, heading, pagesIn } from "../support/pages.ts";
import { startEngawa, type EngawaProcess } from "../support/server.ts";
import { tellsOneStory } from "../support/story.ts";
import { fill, TEXT } from "../support/text.ts";

const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

const J = TEXT.ja;
const E = TEXT.en;

/**
 * Records every RTCPeerConnection the page makes (before any of its scripts run), so the test can
 * read WebRTC's own statistics: what a person really receives, not what the page says.
 */
const RECORD_PEER_CONNECTIONS = () => {
  const peers: RTCPeerConnection[] = [];
  (window as unknown as { engawaPeers: RTCPeerConnection[] }).engawaPeers = peers;
  window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {
    construct(target, args: [RTCConfiguration?]) {
      const pc = new target(...args);
      peers.push(pc);
      (pc as unknown as { seen: string[] }).seen = [];
      pc.addEventListener("icecandidate", (e) =>
        (pc as unknown as { seen: string[] }).seen.push(e.candidate?.candidate ?? "null"),
      );
      return pc;
    },
  });
};

/** Video bytes received so far over the page's open peer connections (inbound-rtp, video). */
function videoBytesReceived(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { engawaPeers: RTCPeerConnection[] }).engawaPeers;
    let bytes = 0;
    for (const pc of peers) {
      if (pc.connectionState === "closed") continue;
      (await pc.getStats()).forEach(
        (entry: { type?: string; kind?: string; bytesReceived?: number }) => {
          if (entry.type === "inbound-rtp" && entry.kind === "video")
            bytes += entry.bytesReceived ?? 0;
        },
      );
    }
    return bytes;
  });
}

/** The labels of the video tracks the page sends (a camera, or `screen:…` while sharing). */
function sentVideoLabels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { engawaPeers: RTCPeerConnection[] }).engawaPeers
      .filter((pc) => pc.connectionState !== "closed")
      .flatMap((pc) => pc.getSenders())
      .map((sender) => sender.track)
      .filter((track) => track?.kind === "video")
      .map((track) => track?.label ?? ""),
  );
}

/** The state of the page's peer connections, for a failure's message. */
function peerReport(page: Page): Promise<string> {
  return page.evaluate(() => {
    const peers = (window as unknown as { engawaPeers: RTCPeerConnection[] }).engawaPeers;
    return peers
      .map(
        (pc) =>
          `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}/${pc.iceGatheringState} ` +
          `local candidates ${(pc.localDescription?.sdp.match(/a=candidate/g) ?? []).length} ` +
          `seen ${JSON.stringify((pc as unknown as { seen: string[] }).seen)} config ${JSON.stringify(pc.getConfiguration())} ` +
          pc
            .getTransceivers()
            .map(
              (t) =>
                `${t.mid ?? "-"}:${t.receiver.track.kind}:${t.direction}/${t.currentDirection ?? "-"}`,
            )
            .join(" "),
      )
      .join(" | ");
  });
}

/** Waits until the page receives video that keeps coming (bytes grow over three samples). */
async function expectVideoFlowing(page: Page, who: string): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  let samples: number[] = [];
  while (Date.now() < deadline) {
    samples = [...samples, await videoBytesReceived(page)].slice(-3);
    if (
      samples.length === 3 &&
      samples[0]! > 0 &&
      samples[0]! < samples[1]! &&
      samples[1]! < samples[2]!
    )
      return samples;
    await page.waitForTimeout(1000);
  }
  throw new Error(
    `${who} receives no video (bytes received: ${samples.join(", ")}; ${await peerReport(page)})`,
  );
}

/**
 * Issue "Meetings", acceptance 1, with real media in Chromium's fake camera and microphone,
 * peer to peer inside the media tests' private network namespace (PGlite: the host's PostgreSQL
 * is unreachable from there). The organiser (Japanese UI) schedules a meeting with the form,
 * copies its invitation and .ics, and starts it; an invited member (Japanese) goes straight in; a
 * guest of the organisation (English UI) waits in the lobby and learns nothing of the meeting
 * until the organiser admits them, then receives video (WebRTC statistics). An attendee's admit
 * or remove is refused (403). A member who is not signed in opens the link, signs in, comes back
 * to it, knocks and is turned away; once the meeting is locked she is refused at the door; a
 * removed participant cannot come back. The organiser and the admitted guest chat in the meeting
 * (Japanese and English, by keyboard and by button; unread messages counted on the closed chat's
 * button), and someone waiting in the lobby cannot read it. Attendees muted by the organiser
 * cannot unmute. The main controls are used by keyboard, the pages are scanned with axe, and the
 * meeting ends for everyone.
 */
describe("a meeting with real media, peer to peer", () => {
  const slug = "meet-media";
  const title = "外来カンファレンス";
  const people = {
    owner: { email: `director@${slug}.example`, name: "院長 佐藤" },
    doctor: { email: `doctor@${slug}.example`, name: "医師 田中" },
    nurse: { email: `nurse@${slug}.example`, name: "Nurse Suzuki" },
    guest: { email: `parent@${slug}.example`, name: "Parent Yamada" },
  };
  let server: EngawaProcess | undefined;
  let browser: Browser | undefined;
  const pages = pagesIn(
    "ja",
    () => {
      if (!browser) throw new Error("Chromium is not running");
      return browser;
    },
    { viewport: { width: 1280, height: 800 } },
  );
  tellsOneStory(pages.contexts);
  beforeAll(async () => {
    assertInsideMediaNamespace();
    server = await startEngawa();
    browser = await launchMediaChromium();
  });
  afterAll(async () => {
    for (const context of pages.contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });
  const engawa = () => {
    if (!server) throw new Error("Engawa has not started");
    return server;
  };

  let owner: Page;
  let doctor: Page;
  let nurse: Page;
  let guest: Page;
  let meeting: Meeting;
  let link = "";

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `meeting-${name}.png`) });
  /** A person's page: Japanese or English, with its peer connections recorded. */
  async function personPage(language: "ja" | "en"): Promise<Page> {
    const context: BrowserContext = await pages.newContext({
      locale: language === "ja" ? "ja-JP" : "en-US",
      // Granting any permission denies the others: camera and microphone are granted too, or
      // Chromium (seeing no media permission and no default route here) gathers no candidates.
      permissions: ["clipboard-read", "clipboard-write", "camera", "microphone"],
    });
    await context.addInitScript(RECORD_PEER_CONNECTIONS);
    const page = await pages.newPage(context);
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning")
        console.log(`[${language} page] ${message.text()}`);
    });
    page.on("pageerror", (error) => console.log(`[${language} page error] ${error.message}`));
    return page;
  }
  /** Someone's tile in the video grid of a page in Japanese (T = J) or English (T = E). */
  const stageTile = (page: Page, T: typeof J, name: string) =>
    page
      .getByRole("list", { name: T.meetings.stage.tiles })
      .getByRole("listitem", { name, exact: true });
  /** The Join now button of the pre-join screen, once the camera preview shows. */
  async function joinFromPreJoin(page: Page, T: typeof J): Promise<void> {
    await page.getByRole("figure", { name: T.meetings.join.preview }).locator("video").waitFor();
    await page.getByRole("button", { name: T.meetings.join.submit }).click();
  }
  /** Calls the API from a person's page, with their session's CSRF token. */
  async function apiAs(
    page: Page,
    method: "GET" | "POST" | "PUT",
    url: string,
    body?: unknown,
  ): Promise<number> {
    const base = engawa().url;
    const me = (await (await page.request.get(`${base}/api/me`)).json()) as {
      session: { csrfToken: string };
    };
    const response = await page.request.fetch(`${base}${url}`, {
      method,
      headers: { "x-engawa-csrf": me.session.csrfToken },
      ...(body === undefined ? {} : { data: body }),
    });
    return response.status();
  }

  it("sets up the organisation: an organiser, a doctor, a nurse and a guest", async () => {
    const steps = organisationSteps(engawa(), "ja");
    const setup = await pages.newPage();
    const ownerLink = await steps.setUp(setup, {
      name: "さくら病院",
      slug,
      ownerEmail: people.owner.email,
      ownerName: people.owner.name,
    });
    owner = await personPage("ja");
    await steps.acceptInvite(owner, ownerLink);
    await steps.signIn(owner, slug, people.owner.email, people.owner.name);
    await owner
      .getByRole("navigation", { name: J.shell.navLabel })
      .getByRole("link", { name: J.shell.users })
      .click();
    const invites: Record<"doctor" | "nurse" | "guest", string> = {
      doctor: await steps.inviteMember(owner, { ...people.doctor, role: "member" }),
      nurse: await steps.inviteMember(owner, { ...people.nurse, role: "member" }),
      guest: await steps.inviteMember(owner, { ...people.guest, role: "guest" }),
    };
    doctor = await personPage("ja");
    await steps.acceptInvite(doctor, invites.doctor);
    await steps.signIn(doctor, slug, people.doctor.email, people.doctor.name);
    const en = organisationSteps(engawa(), "en");
    guest = await personPage("en");
    await en.acceptInvite(guest, invites.guest);
    await en.signIn(guest, slug, people.guest.email, people.guest.name);
    // The nurse sets her password but stays signed out: she will come through the join link.
    nurse = await personPage("en");
    await en.acceptInvite(nurse, invites.nurse);
  });

  it("the organiser schedules the meeting and copies its link, invitation and .ics", async () => {
    await owner
      .getByRole("navigation", { name: J.shell.navLabel })
      .getByRole("link", { name: J.shell.meetings })
      .click();
    await heading(owner, J.meetings.title).waitFor();
    await owner.getByRole("button", { name: J.meetings.scheduleOpen }).click();
    const dialog = owner.getByRole("dialog", { name: J.meetings.schedule.title });
    await dialog.getByLabel(J.meetings.schedule.name).fill(title);
    await dialog.getByLabel(J.meetings.schedule.duration).selectOption("90");
    await dialog.getByRole("combobox", { name: J.meetings.schedule.invitees }).fill("田中");
    await dialog.getByRole("option", { name: new RegExp(people.doctor.name) }).click();
    await dialog.getByRole("radio", { name: J.meetings.bypass.invited }).check();
    await expectAccessible(owner, "schedule dialog");
    await shot(owner, "schedule");
    await dialog.getByRole("button", { name: J.meetings.schedule.submit }).click();
    await owner.getByText(fill(J.meetings.scheduled, { title })).waitFor();
    const row = owner.getByRole("row").filter({ hasText: title });
    await row.getByText(J.meetings.roles.organizer).waitFor();

    await row.getByRole("button", { name: fill(J.meetings.copyLinkNamed, { title }) }).click();
    await owner.getByText(fill(J.meetings.linkCopied, { title })).waitFor();
    link = await owner.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${engawa().url}/t/${slug}/meet/[A-Za-z0-9_-]{22}$`));
    await row
      .getByRole("button", { name: fill(J.meetings.copyInvitationNamed, { title }) })
      .click();
    await owner.getByText(fill(J.meetings.invitationCopied, { title })).waitFor();
    const invitation = await owner.evaluate(() => navigator.clipboard.readText());
    expect(invitation).toContain(fill(J.meetings.invitation.subject, { title }));
    expect(invitation).toContain(link);
    // The end's date is written too when the meeting runs past midnight (e.g. 23:30 JST + 90 min).
    expect(invitation).toMatch(
      /\d{1,2}:\d{2}～(?:\d{4}年\d{1,2}月\d{1,2}日\(.\) )?\d{1,2}:\d{2} \(JST\)/,
    );
    const [download] = await Promise.all([
      owner.waitForEvent("download"),
      row.getByRole("link", { name: fill(J.meetings.downloadIcsNamed, { title }) }).click(),
    ]);
    const ics = readFileSync(await download.path(), "utf8");
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics.replace(/\r\n[ \t]/g, "")).toContain(link);
    await expectAccessible(owner, "meetings page");
    await shot(owner, "meetings");

    const mine = (await (
      await owner.request.get(`${engawa().url}/api/t/${slug}/meetings`)
    ).json()) as { meetings: Meeting[] };
    meeting = mine.meetings.find((m) => m.title === title) as Meeting;
    expect(link.endsWith(meeting.joinCode)).toBe(true);
  });

  it("the organiser starts it from the pre-join screen; the invited doctor goes straight in", async () => {
    await owner
      .getByRole("row")
      .filter({ hasText: title })
      .getByRole("link", { name: fill(J.meetings.joinNamed, { title }) })
      .click();
    await heading(owner, fill(J.meetings.join.titleNamed, { title })).waitFor();
    await expectAccessible(owner, "pre-join");
    await shot(owner, "prejoin");
    await joinFromPreJoin(owner, J);
    await heading(owner, title).waitFor();

    await doctor.goto(link);
    await joinFromPreJoin(doctor, J);
    await heading(doctor, title).waitFor();
    await stageTile(owner, J, people.doctor.name).waitFor();
    await expectVideoFlowing(doctor, "the doctor");
  });

  it("the guest waits in the lobby and learns nothing of the meeting", async () => {
    await guest.goto(link);
    await heading(guest, E.meetings.join.titleUnknown).waitFor();
    await joinFromPreJoin(guest, E);
    await heading(guest, E.meetings.lobby.title).waitFor();
    await guest.getByText(E.meetings.lobby.body).waitFor();
    expect(await guest.locator("body").innerText()).not.toContain(title);
    expect(await guest.locator("body").innerText()).not.toContain(people.owner.name);
    const base = `/api/t/${slug}/meetings/${meeting.id}`;
    expect(await apiAs(guest, "GET", base)).toBe(404);
    expect(await apiAs(guest, "GET", `${base}/participants`)).toBe(403);
    expect(await apiAs(guest, "GET", `${base}/lobby`)).toBe(403);
    await expectAccessible(guest, "lobby");
    await shot(guest, "lobby-guest");
  });

  it("the organiser admits the guest, who then receives video", async () => {
    const lobby = owner.getByRole("region", { name: fill(J.meetings.panel.lobby, { count: "1" }) });
    await lobby.getByText(people.guest.name).waitFor();
    await shot(owner, "lobby-organiser");
    await lobby
      .getByRole("button", { name: fill(J.meetings.panel.admitNamed, { name: people.guest.name }) })
      .click();
    await heading(guest, title).waitFor();
    await stageTile(guest, E, people.owner.name).waitFor();
    const samples = await expectVideoFlowing(guest, "the guest");
    console.log(`the guest receives video: ${samples.join(" → ")} bytes`);
    await stageTile(owner, J, people.guest.name).waitFor();
  });

  const chatLines = {
    owner: ["本日の資料は共有フォルダにあります", "質問はチャットへどうぞ"],
    guest: "Thank you, I have a question about the dosage.",
    later: "I will ask after the meeting.",
  };
  it("the organiser and the guest chat in the meeting; the closed chat counts what is unread", async () => {
    const ownerToggle = owner.getByRole("button", { name: J.meetings.stage.chat, exact: true });
    await ownerToggle.click();
    expect(await ownerToggle.getAttribute("aria-expanded")).toBe("true");
    const ownerPanel = owner.getByRole("complementary", { name: J.meetings.chat.title });
    const ownerLog = ownerPanel.getByRole("log", { name: J.meetings.chat.messages });
    await ownerLog.getByText(J.meetings.chat.empty).waitFor();
    // The chat replaces the participants panel (one side panel at a time).
    expect(await owner.getByRole("complementary", { name: J.meetings.panel.label }).count()).toBe(
      0,
    );
    // The box takes focus on opening: Shift+Enter is a new line, Enter sends.
    const ownerBox = ownerPanel.getByRole("textbox", { name: J.meetings.chat.composerLabel });
    await expect.poll(() => ownerBox.evaluate((box) => box === document.activeElement)).toBe(true);
    await owner.keyboard.type(chatLines.owner[0]!);
    await owner.keyboard.press("Shift+Enter");
    await owner.keyboard.type(chatLines.owner[1]!);
    await owner.keyboard.press("Enter");
    const ownerItem = ownerLog.getByRole("listitem").filter({ hasText: chatLines.owner[0]! });
    await ownerItem.getByText(fill(J.meetings.stage.you, { name: people.owner.name })).waitFor();
    expect(await ownerItem.innerText()).toContain(chatLines.owner.join("\n"));
    expect(await ownerBox.inputValue()).toBe("");

    // The guest's chat is closed: its button counts the message, in words too.
    const guestToggle = guest.getByRole("button", {
      name: new RegExp(`^${E.meetings.stage.chat}\\s*\\(1 unread\\)$`),
    });
    await guestToggle.waitFor();
    await shot(guest, "chat-unread");
    await guestToggle.click();
    const guestPanel = guest.getByRole("complementary", { name: E.meetings.chat.title });
    const guestLog = guestPanel.getByRole("log", { name: E.meetings.chat.messages });
    const received = guestLog.getByRole("listitem").filter({ hasText: chatLines.owner[0]! });
    await received.getByText(people.owner.name, { exact: true }).waitFor();
    // Its time is in the viewer's zone (Tokyo, in this story), as the server stored it.
    const base = `/api/t/${slug}/meetings/${meeting.id}`;
    const stored = (await (
      await guest.request.get(`${engawa().url}${base}/chat`)
    ).json()) as MeetingChatResponse;
    const sent = stored.messages.find((m) => m.body === chatLines.owner.join("\n"));
    expect(sent?.authorName).toBe(people.owner.name);
    const tokyo = new Date(Date.parse(sent?.createdAt ?? "") + 9 * 3_600_000);
    const minutes = String(tokyo.getUTCMinutes()).padStart(2, "0");
    const time = received.locator("time");
    expect(await time.getAttribute("datetime")).toBe(sent?.createdAt);
    expect(await time.innerText()).toContain(`${tokyo.getUTCHours() % 12 || 12}:${minutes}`);
    expect(
      await guest.getByRole("button", { name: E.meetings.stage.chat, exact: true }).count(),
    ).toBe(1);

    // The guest answers with the Send button; the organiser hears it live.
    await guestPanel
      .getByRole("textbox", { name: E.meetings.chat.composerLabel })
      .fill(chatLines.guest);
    await guestPanel.getByRole("button", { name: E.meetings.chat.send }).click();
    await guestLog.getByText(chatLines.guest).waitFor();
    const answer = ownerLog.getByRole("listitem").filter({ hasText: chatLines.guest });
    await answer.getByText(people.guest.name, { exact: true }).waitFor();
    expect(await answer.locator("time").innerText()).toMatch(/\d{4}\/\d{2}\/\d{2} \d{1,2}:\d{2}/);
    await expectAccessible(owner, "meeting chat (organiser)");
    await expectAccessible(guest, "meeting chat (guest)");
    await shot(owner, "chat-organiser");
    await shot(guest, "chat-guest");

    // Back to the participants (the organiser runs the lobby from there), the organiser's closed
    // chat counts the guest's next message, on its button and in a status for screen readers.
    await owner.getByRole("button", { name: J.meetings.stage.participants, exact: true }).click();
    await owner.getByRole("complementary", { name: J.meetings.panel.label }).waitFor();
    expect(await ownerPanel.count()).toBe(0);
    await guest.keyboard.type(chatLines.later);
    await guest.keyboard.press("Enter");
    await guestLog.getByText(chatLines.later).waitFor();
    const unread = fill(J.meetings.stage.chatUnread_one, { count: "1" });
    await owner
      .getByRole("button", { name: new RegExp(`^${J.meetings.stage.chat}\\s*${unread}$`) })
      .waitFor();
    await owner
      .getByRole("status")
      .filter({ hasText: fill(J.meetings.stage.chatAnnouncement_one, { count: "1" }) })
      .waitFor({ state: "attached" });
    await expectAccessible(owner, "stage with unread chat (organiser)");
    await shot(owner, "chat-unread-organiser");
  });

  it("an attendee may neither admit nor remove anyone (403)", async () => {
    const base = `/api/t/${slug}/meetings/${meeting.id}`;
    const participants = (await (
      await guest.request.get(`${engawa().url}${base}/participants`)
    ).json()) as { participants: MeetingParticipant[] };
    const doctorSeat = participants.participants.find((p) => p.displayName === people.doctor.name);
    expect(doctorSeat?.inRoom).toBe(true);
    const pid = doctorSeat?.participantId ?? "";
    expect(await apiAs(guest, "POST", `${base}/lobby/${pid}/admit`)).toBe(403);
    expect(await apiAs(guest, "POST", `${base}/participants/${pid}/remove`)).toBe(403);
    // Nor are the organisers' controls offered on their page.
    expect(await guest.getByRole("switch", { name: E.meetings.panel.lock }).count()).toBe(0);
  });

  it("a signed-out nurse opens the link, signs in, comes back, knocks and is turned away", async () => {
    await nurse.goto(link);
    await heading(nurse, E.meetings.join.signInTitle).waitFor();
    await nurse.getByText(E.meetings.anonymous.offer).waitFor();
    await expectAccessible(nurse, "sign in to join");
    await shot(nurse, "sign-in-to-join");
    await nurse.getByRole("link", { name: E.meetings.join.signIn }).click();
    expect(await nurse.getByLabel(E.common.tenantId, { exact: true }).inputValue()).toBe(slug);
    await nurse.getByLabel(E.common.email, { exact: true }).fill(people.nurse.email);
    await nurse.getByLabel(E.common.password, { exact: true }).fill(PASSWORD);
    await nurse.getByRole("button", { name: E.signIn.submit, exact: true }).click();
    await heading(nurse, E.meetings.join.titleUnknown).waitFor({ timeout: 90_000 });
    expect(nurse.url()).toBe(link);
    await joinFromPreJoin(nurse, E);
    await heading(nurse, E.meetings.lobby.title).waitFor();
    // Stopping the wait takes the nurse out of the organiser's queue; then she knocks again.
    const queue = (count: string) =>
      owner.getByRole("region", { name: fill(J.meetings.panel.lobby, { count }) });
    await queue("1").waitFor();
    await nurse.getByRole("button", { name: E.meetings.lobby.leave }).click();
    await queue("0").waitFor();
    await nurse.goto(link);
    await joinFromPreJoin(nurse, E);
    await heading(nurse, E.meetings.lobby.title).waitFor();
    // Waiting in the lobby, she cannot read the meeting's chat, nor is it on her page.
    const chat = `/api/t/${slug}/meetings/${meeting.id}/chat`;
    expect(await apiAs(nurse, "GET", chat)).toBe(403);
    expect(await nurse.getByRole("button", { name: E.meetings.stage.chat }).count()).toBe(0);
    expect(await nurse.locator("body").innerText()).not.toContain(chatLines.guest);
    const lobby = queue("1");
    await lobby
      .getByRole("button", { name: fill(J.meetings.panel.denyNamed, { name: people.nurse.name }) })
      .click();
    await heading(nurse, E.meetings.closed.deniedTitle).waitFor();
    await nurse.getByText(E.meetings.closed.deniedBody).waitFor();
    await shot(nurse, "denied");
  });

  it("once the organiser locks the meeting, the nurse is refused at the door", async () => {
    await owner.getByRole("switch", { name: J.meetings.panel.lock }).click();
    await owner.getByText(J.meetings.panel.lockedNow).waitFor();
    await guest.getByText(E.meetings.stage.locked, { exact: true }).waitFor();
    await nurse.goto(link);
    await joinFromPreJoin(nurse, E);
    await heading(nurse, E.meetings.closed.refusedTitle).waitFor();
    await nurse.getByText(E.errors.meeting_locked).waitFor();
    await shot(nurse, "locked");
  });

  it("a removed participant cannot come back", async () => {
    await owner
      .getByRole("button", {
        name: fill(J.meetings.panel.optionsFor, { name: people.doctor.name }),
      })
      .click();
    await owner.getByRole("menuitem", { name: J.meetings.panel.remove }).click();
    const confirm = owner.getByRole("dialog", {
      name: fill(J.meetings.panel.removeTitle, { name: people.doctor.name }),
    });
    await confirm.getByRole("button", { name: J.meetings.panel.removeConfirm }).click();
    await heading(doctor, J.meetings.closed.removedTitle).waitFor();
    await shot(doctor, "removed");
    await doctor.goto(link);
    await joinFromPreJoin(doctor, J);
    await heading(doctor, J.meetings.closed.refusedTitle).waitFor();
    await doctor.getByText(J.errors.removed_from_meeting).waitFor();
    await stageTile(owner, J, people.doctor.name).waitFor({ state: "detached" });
  });

  it("the guest uses the controls by keyboard; muted attendees cannot unmute", async () => {
    const mic = guest.getByRole("button", { name: E.meetings.stage.mic, exact: true });
    const camera = guest.getByRole("button", { name: E.meetings.stage.camera, exact: true });
    await mic.focus();
    await guest.keyboard.press("Space");
    await expect.poll(() => mic.getAttribute("aria-pressed")).toBe("false");
    await guest.keyboard.press("Space");
    await expect.poll(() => mic.getAttribute("aria-pressed")).toBe("true");
    await guest.keyboard.press("Tab");
    expect(await camera.evaluate((element) => element === document.activeElement)).toBe(true);
    await guest.keyboard.press("Space");
    await expect.poll(() => camera.getAttribute("aria-pressed")).toBe("false");
    await stageTile(owner, J, people.guest.name).getByText(J.meetings.stage.cameraOff).waitFor();
    await guest.keyboard.press("Space");
    await expect.poll(() => camera.getAttribute("aria-pressed")).toBe("true");

    // Sharing the screen replaces the camera in what the guest sends (replaceTrack), and back.
    const share = guest.getByRole("button", { name: E.meetings.stage.share, exact: true });
    await share.click();
    await expect.poll(() => share.getAttribute("aria-pressed")).toBe("true");
    await stageTile(guest, E, fill(E.meetings.stage.you, { name: people.guest.name }))
      .getByText(E.meetings.stage.sharing)
      .waitFor();
    await expect.poll(() => sentVideoLabels(guest)).toEqual([expect.stringMatching(/^screen/)]);
    // The server let them present (everyone may, here) and the room tells the others.
    await stageTile(owner, J, people.guest.name).getByText(J.meetings.stage.presenting).waitFor();
    await shot(guest, "sharing");
    await share.click();
    await expect.poll(() => share.getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => sentVideoLabels(guest)).toEqual([expect.not.stringMatching(/^screen/)]);
    await stageTile(owner, J, people.guest.name)
      .getByText(J.meetings.stage.presenting)
      .waitFor({ state: "detached" });

    // The organiser mutes attendees, by keyboard too.
    const mute = owner.getByRole("switch", { name: J.meetings.panel.muteAttendees });
    await mute.focus();
    await owner.keyboard.press("Space");
    await owner.getByText(J.meetings.panel.mutedNow).waitFor();
    await guest.getByText(E.meetings.stage.mutedByOrganiser).waitFor();
    await expect.poll(() => mic.getAttribute("aria-pressed")).toBe("false");
    expect(await mic.getAttribute("aria-disabled")).toBe("true");
    await mic.click({ force: true });
    await expect.poll(() => mic.getAttribute("aria-pressed")).toBe("false");
    await stageTile(owner, J, people.guest.name).getByText(J.meetings.stage.muted).waitFor();

    // Made a presenter, the guest may unmute again and runs the lobby too.
    await owner
      .getByRole("button", { name: fill(J.meetings.panel.optionsFor, { name: people.guest.name }) })
      .click();
    await owner.getByRole("menuitem", { name: J.meetings.panel.makePresenter }).click();
    await owner
      .getByText(fill(J.meetings.panel.nowPresenter, { name: people.guest.name }))
      .waitFor();
    await guest
      .getByText(fill(E.meetings.stage.youRole, { role: E.meetings.roles.presenter }))
      .waitFor();
    await expect.poll(() => mic.getAttribute("aria-disabled")).not.toBe("true");
    await guest.getByRole("button", { name: E.meetings.stage.participants }).click();
    await guest
      .getByRole("complementary", { name: E.meetings.panel.label })
      .getByRole("heading", { name: fill(E.meetings.panel.lobby, { count: "0" }) })
      .waitFor();
    expect(await guest.getByRole("switch", { name: E.meetings.panel.lock }).count()).toBe(0);
    await expectAccessible(guest, "stage (guest)");
    await expectAccessible(owner, "stage (organiser)");
    await shot(guest, "stage-guest");
    await shot(owner, "stage-organiser");
  });

  it("the organiser ends the meeting for everyone", async () => {
    await owner.getByRole("button", { name: J.meetings.panel.end }).click();
    const confirm = owner.getByRole("dialog", { name: J.meetings.panel.endTitle });
    await expectAccessible(owner, "end dialog");
    await confirm.getByRole("button", { name: J.meetings.panel.endConfirm }).click();
    await heading(owner, J.meetings.closed.endedTitle).waitFor();
    await heading(guest, E.meetings.closed.endedTitle).waitFor();
    await shot(guest, "ended");
    await guest.goto(link);
    await joinFromPreJoin(guest, E);
    await guest.getByText(E.errors.meeting_ended).waitFor();
  });

  it("meet now starts a meeting at once; one leaves it and may join again", async () => {
    await owner.getByRole("link", { name: J.meetings.closed.back }).click();
    await heading(owner, J.meetings.title).waitFor();
    await owner.getByRole("button", { name: J.meetings.meetNow }).click();
    const now = fill(J.meetings.meetNowTitle, { name: people.owner.name });
    await heading(owner, fill(J.meetings.join.titleNamed, { title: now })).waitFor();
    await joinFromPreJoin(owner, J);
    await heading(owner, now).waitFor();
    await owner.getByText(J.meetings.stage.alone).waitFor();
    await owner.getByRole("button", { name: J.meetings.stage.leave, exact: true }).click();
    await heading(owner, J.meetings.closed.leftTitle).waitFor();
    await owner.getByRole("button", { name: J.meetings.closed.rejoin }).click();
    await heading(owner, fill(J.meetings.join.titleNamed, { title: now })).waitFor();
  });

  it("a meeting with a sensitive label shows each viewer a watermark", async () => {
    const names = ["公開", "社内", "機密", "極秘"];
    const labels = names.map((name) => ({ name, description: "" }));
    expect(await apiAs(owner, "PUT", `/api/t/${slug}/labels`, { labels })).toBe(200);
    const secret = "極秘の症例検討";
    await owner
      .getByRole("navigation", { name: J.shell.navLabel })
      .getByRole("link", { name: J.shell.meetings })
      .click();
    await owner.getByRole("button", { name: J.meetings.scheduleOpen }).click();
    const dialog = owner.getByRole("dialog", { name: J.meetings.schedule.title });
    await dialog.getByLabel(J.meetings.schedule.name).fill(secret);
    await dialog.getByLabel(J.meetings.schedule.label).selectOption({ label: "極秘" });
    await dialog.getByRole("button", { name: J.meetings.schedule.submit }).click();
    const row = owner.getByRole("row").filter({ hasText: secret });
    await row.getByText("極秘", { exact: true }).waitFor();
    await row.getByRole("link", { name: fill(J.meetings.joinNamed, { title: secret }) }).click();
    await joinFromPreJoin(owner, J);
    await heading(owner, secret).waitFor();
    const own = stageTile(owner, J, fill(J.meetings.stage.you, { name: people.owner.name }));
    await expect.poll(() => own.innerText()).toContain(`${people.owner.name} · `);
    await expectAccessible(owner, "stage with a watermark");
    await shot(owner, "watermark");
  });
});
