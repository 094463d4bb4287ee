import {
  LABEL_PRESET_LABELS,
  type JoinMeetingResponse,
  type LabelsResponse,
  type Meeting,
  type SensitivityLabel,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";

/**
 * Labelled meetings, on both databases (issue "Meetings": a meeting has a sensitivity label; a
 * watermark in meetings labelled 機密 or higher). The label shows on the meeting with the
 * watermark from rank 2 (機密 of the preset) up; conditional access decides on a labelled meeting
 * as on labelled content — 極秘 does not open from a public place under the work-context matrix;
 * a label on a meeting cannot be deleted; a label of another organisation is refused.
 */
describe.each(backends())("labelled meetings on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let labels: SensitivityLabel[];
  let member: { id: string; email: string };

  const labelNamed = (name: string) => {
    const label = labels.find((l) => l.name === name);
    if (!label) throw new Error(`no label ${name}`);
    return label;
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    owner = new TestBrowser(t.app);
    expect((await owner.signIn("acme", world.a.users.owner.email, PASSWORD)).status).toBe(200);
    const saved = await owner.put("/api/t/acme/labels", {
      labels: LABEL_PRESET_LABELS.generic.map((l) => ({
        name: l.ja,
        description: l.jaDescription,
      })),
    });
    expect(saved.status, saved.body).toBe(200);
    labels = saved.json<LabelsResponse>().labels;
    member = await newMember(t, world);
  });
  afterAll(async () => t.close());

  async function schedule(labelId: string | null, inviteeIds: string[] = []) {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    return owner.post("/api/t/acme/meetings", {
      title: "症例検討会",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds,
      lobbyBypass: "invited",
      labelId,
    });
  }

  it("shows the label, and the watermark from 機密 up", async () => {
    for (const [name, watermark] of [
      ["公開", false],
      ["社内", false],
      ["機密", true],
      ["極秘", true],
    ] as const) {
      const reply = await schedule(labelNamed(name).id);
      expect(reply.status, reply.body).toBe(201);
      expect(reply.json<{ meeting: Meeting }>().meeting).toMatchObject({
        label: { id: labelNamed(name).id, name },
        watermark,
      });
    }
    const plain = await schedule(null);
    expect(plain.json<{ meeting: Meeting }>().meeting).toMatchObject({
      label: null,
      watermark: false,
    });
  });

  it("refuses a label that is not the organisation's, and keeps a label in use", async () => {
    const unknown = await schedule("00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ error: { field?: string } }>().error.field).toBe("labelId");
    // A fresh organisation-wide label, put on a meeting, cannot be deleted while it is there.
    const withExtra = await owner.put("/api/t/acme/labels", {
      labels: [
        ...labels.map((l) => ({ id: l.id, name: l.name, description: l.description })),
        { name: "会議専用", description: "" },
      ],
    });
    expect(withExtra.status, withExtra.body).toBe(200);
    const extra = withExtra
      .json<LabelsResponse>()
      .labels.find((l) => l.name === "会議専用") as SensitivityLabel;
    expect((await schedule(extra.id)).status).toBe(201);
    const removing = await owner.put("/api/t/acme/labels", {
      labels: labels.map((l) => ({ id: l.id, name: l.name, description: l.description })),
    });
    expect(removing.status).toBe(409);
    expect(removing.json<{ error: { code: string } }>().error.code).toBe("invalid_state");
    labels = withExtra.json<LabelsResponse>().labels;
  });

  it("conditional access decides on a 極秘 meeting by where the member works", async () => {
    const meeting = (await schedule(labelNamed("極秘").id, [member.id])).json<{
      meeting: Meeting;
    }>().meeting;
    const browser = new TestBrowser(t.app);
    expect((await browser.signIn("acme", member.email, PASSWORD)).status).toBe(200);
    // Without the matrix, the invited member goes straight in.
    const before = await browser.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
    expect(before.status, before.body).toBe(201);
    expect(before.json<JoinMeetingResponse>().outcome).toBe("admitted");

    const on = await owner.put("/api/t/acme/labels", {
      labels: labels.map((l) => ({ id: l.id, name: l.name, description: l.description })),
      workContext: { enabled: true },
    });
    expect(on.status, on.body).toBe(200);
    // Undeclared counts as a public place: 極秘 does not open there, and neither does its meeting.
    const refused = await browser.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
    expect(refused.status).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("work_context_denied");
    expect((await browser.get(`/api/t/acme/meetings/${meeting.id}`)).status).toBe(403);
  });
});
