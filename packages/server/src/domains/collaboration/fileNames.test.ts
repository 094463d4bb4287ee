import { describe, expect, it } from "vitest";
import { contentDisposition, nameIdentity, sanitiseFileName } from "./fileNames.ts";
import { sniffContentType } from "./fileSniff.ts";

describe("file names", () => {
  it("keeps Japanese names and strips what could mislead or escape", () => {
    expect(sanitiseFileName("診療計画書（最終版）.docx")).toBe("診療計画書（最終版）.docx");
    expect(sanitiseFileName("C:\\Users\\a\\..\\secret.txt")).toBe("secret.txt");
    expect(sanitiseFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFileName("photo\u202egnp.exe")).toBe("photognp.exe");
    expect(sanitiseFileName("a\u0000b\u001fc\u0085.txt")).toBe("abc.txt");
    expect(sanitiseFileName('what?<is>:"this"|*.txt')).toBe("what__is___this___.txt");
    expect(sanitiseFileName("trailing. . .")).toBe("trailing");
    expect(sanitiseFileName("nul.tar.gz")).toBe("_nul.tar.gz");
    expect(sanitiseFileName("LPT1")).toBe("_LPT1");
    expect(sanitiseFileName("..")).toBe("file");
    expect(sanitiseFileName("   ")).toBe("file");
  });

  it("shortens long names on character boundaries, keeping the extension", () => {
    const long = `${"𠮷".repeat(300)}.pdf`;
    const short = sanitiseFileName(long);
    expect([...short]).toHaveLength(200);
    expect(short.endsWith("𠮷.pdf")).toBe(true);
  });

  it("treats NFC/NFD and case variants as the same name", () => {
    expect(nameIdentity("ガ.TXT".normalize("NFD"))).toBe(nameIdentity("ガ.txt"));
  });

  it("writes Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187)", () => {
    expect(contentDisposition('報告 "1".pdf')).toBe(
      `attachment; filename="__ _1_.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%20%221%22.pdf`,
    );
  });
});

describe("content sniffing", () => {
  const bytes = (...values: number[]) => Buffer.from(values);
  it("recognises common formats by their bytes, whatever the name says", () => {
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), "a.txt")).toBe(
      "image/png",
    );
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0), "a.png")).toBe("image/jpeg");
    expect(sniffContentType(Buffer.from("%PDF-1.7\n"), "a.docx")).toBe("application/pdf");
    expect(sniffContentType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "), "x")).toBe("image/webp");
    expect(sniffContentType(bytes(0x50, 0x4b, 0x03, 0x04, 0), "名簿.xlsx")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(sniffContentType(bytes(0x50, 0x4b, 0x03, 0x04, 0), "a.exe")).toBe("application/zip");
  });

  it("never yields a type a browser would run, and falls back to octet-stream", () => {
    expect(sniffContentType(Buffer.from("<svg onload=alert(1)>"), "a.svg")).toBe(
      "text/plain; charset=utf-8",
    );
    expect(sniffContentType(Buffer.from("こんにちは\n"), "a.html")).toBe(
      "text/plain; charset=utf-8",
    );
    expect(sniffContentType(bytes(0x4d, 0x5a, 0x90, 0x00, 0x03), "a.txt")).toBe(
      "application/octet-stream",
    );
    expect(sniffContentType(Buffer.alloc(0), "empty.txt")).toBe("application/octet-stream");
  });
});
