import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@engawa/shared";
import { csvCell, csvHeader, csvRow, jsonLine } from "./exportFormats.ts";
import { eventHash, GENESIS_HASH } from "./chain.ts";

const event: AuditEvent = {
  id: "7d1f0c1e-0000-4000-8000-000000000001",
  seq: 3,
  occurredAt: "2026-11-20T09:00:00.000Z",
  actor: { type: "user", id: "u1", label: '=HYPERLINK("http://evil")' },
  action: "user.invite",
  target: { type: "user", id: "u2" },
  outcome: "allow",
  ip: "203.0.113.5",
  userAgent: 'Mozilla "quoted", with comma',
  requestId: "r1",
  count: 1,
  details: { email: "a@b.example", role: "member" },
};

describe("audit export formats", () => {
  it("writes RFC 4180 CSV with formula injection defused", () => {
    expect(csvHeader()).toBe(
      "seq,occurredAt,actorType,actorId,actorLabel,action,outcome,targetType,targetId,ip,userAgent,requestId,count,details\r\n",
    );
    const row = csvRow(event);
    expect(row.endsWith("\r\n")).toBe(true);
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain('"Mozilla ""quoted"", with comma"');
    expect(csvCell("-2+3")).toBe(`"'-2+3"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell(5)).toBe("5");
  });
  it("writes one JSON object per line", () => {
    const line = jsonLine(event);
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual(event);
  });
});

describe("event hashes", () => {
  it("are stable for the same fields and change with any field", () => {
    const fields = {
      chain: "c",
      seq: 1,
      id: "i",
      tenantId: null,
      occurredAt: new Date("2026-11-20T09:00:00.123Z"),
      actorType: "system",
      actorId: null,
      action: "a",
      targetType: null,
      targetId: null,
      outcome: "allow",
      ip: null,
      userAgent: null,
      requestId: null,
      count: 1,
      detailsEnc: "x",
      prevHash: GENESIS_HASH,
    };
    expect(eventHash(fields)).toBe(eventHash({ ...fields }));
    expect(eventHash(fields)).toMatch(/^[0-9a-f]{64}$/);
    for (const [key, value] of Object.entries({
      seq: 2,
      action: "b",
      outcome: "deny",
      ip: "1.2.3.4",
      count: 2,
      detailsEnc: "y",
      prevHash: "1".repeat(64),
    })) {
      expect(eventHash({ ...fields, [key]: value }), key).not.toBe(eventHash(fields));
    }
    expect(eventHash({ ...fields, occurredAt: new Date("2026-11-20T09:00:00.124Z") })).not.toBe(
      eventHash(fields),
    );
  });
});
