import { describe, expect, it } from "vitest";
import type { AttendanceEntry } from "@engawa/shared";
import {
  CSV_BOM,
  attendanceFileName,
  attendanceRows,
  csvField,
  csvText,
  localStamp,
  type AttendanceWords,
} from "./attendance.ts";

const entry = (overrides: Partial<AttendanceEntry>): AttendanceEntry => ({
  participantId: "00000000-0000-4000-8000-000000000001",
  displayName: "Aiko",
  kind: "member",
  state: "admitted",
  knockedAt: "2026-11-24T01:00:00.000Z",
  admittedAt: "2026-11-24T01:00:05.000Z",
  leftAt: null,
  ...overrides,
});

const words: AttendanceWords = {
  headers: ["Name", "Kind", "Outcome", "Knocked", "Got in", "Left"],
  kind: (kind) => `kind:${kind}`,
  state: (state) => `state:${state}`,
  time: (iso) => localStamp(iso, "Asia/Tokyo"),
  none: "—",
};

describe("CSV fields (RFC 4180)", () => {
  it("leaves plain text as it is, Japanese included", () => {
    expect(csvField("山田 花子")).toBe("山田 花子");
  });

  it("quotes a field with a comma, a quote or a line break, doubling quotes", () => {
    expect(csvField("Sato, Ken")).toBe('"Sato, Ken"');
    expect(csvField('Ken "the Nurse"')).toBe('"Ken ""the Nurse"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });

  it("makes a name that looks like a formula plain text", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+81 3")).toBe("'+81 3");
    expect(csvField("-1")).toBe("'-1");
    expect(csvField("@me")).toBe("'@me");
    expect(csvField("—")).toBe("—");
  });
});

describe("CSV text", () => {
  it("starts with the BOM and ends every record with CRLF", () => {
    const text = csvText([
      ["a", "b"],
      ["c,d", "e"],
    ]);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text).toBe('\uFEFFa,b\r\n"c,d",e\r\n');
    // UTF-8 with BOM: EF BB BF first.
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe("the attendance report's rows", () => {
  it("has the headers, then one line per join in the order they knocked", () => {
    const rows = attendanceRows(
      [
        entry({
          participantId: "00000000-0000-4000-8000-000000000002",
          displayName: "Guest, Ken",
          kind: "anonymous",
          state: "left",
          knockedAt: "2026-11-24T01:05:00.000Z",
          admittedAt: "2026-11-24T01:06:00.000Z",
          leftAt: "2026-11-24T02:00:00.000Z",
        }),
        entry({}),
        entry({
          participantId: "00000000-0000-4000-8000-000000000003",
          displayName: "Waiting",
          kind: "guest",
          state: "lobby",
          knockedAt: "2026-11-24T01:10:00.000Z",
          admittedAt: null,
        }),
      ],
      words,
    );
    expect(rows).toEqual([
      ["Name", "Kind", "Outcome", "Knocked", "Got in", "Left"],
      ["Aiko", "kind:member", "state:admitted", "2026-11-24 10:00:00", "2026-11-24 10:00:05", "—"],
      [
        "Guest, Ken",
        "kind:anonymous",
        "state:left",
        "2026-11-24 10:05:00",
        "2026-11-24 10:06:00",
        "2026-11-24 11:00:00",
      ],
      ["Waiting", "kind:guest", "state:lobby", "2026-11-24 10:10:00", "—", "—"],
    ]);
    expect(csvText(rows).split("\r\n")[2]).toBe(
      '"Guest, Ken",kind:anonymous,state:left,2026-11-24 10:05:00,2026-11-24 10:06:00,2026-11-24 11:00:00',
    );
  });

  it("has only the headers when nobody came", () => {
    expect(attendanceRows([], words)).toEqual([[...words.headers]]);
  });
});

describe("stamps and file names", () => {
  it("writes an instant in the given zone, 24-hour", () => {
    expect(localStamp("2026-11-24T15:30:09.000Z", "Asia/Tokyo")).toBe("2026-11-25 00:30:09");
    expect(localStamp("2026-11-24T15:30:09.000Z", "UTC")).toBe("2026-11-24 15:30:09");
  });

  it("names the file after the meeting without characters file systems refuse", () => {
    const now = new Date("2026-11-24T05:00:00.000Z");
    expect(attendanceFileName('病棟会議: 11/24 "定例"', now)).toBe(
      "病棟会議 11 24 定例 attendance 2026-11-24.csv",
    );
    expect(attendanceFileName("///", now)).toBe("meeting attendance 2026-11-24.csv");
    expect(attendanceFileName("a\u0000b\tc\u007f", now)).toBe("a b c attendance 2026-11-24.csv");
  });
});
