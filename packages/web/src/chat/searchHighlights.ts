import type { SearchResult } from "@engawa/shared";

/** The message's text cut at the server's highlight ranges (UTF-16 offsets, in order). */
export function highlighted(result: SearchResult): { text: string; match: boolean }[] {
  const body = result.message.body ?? "";
  const parts: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const range of [...result.highlights].sort((a, b) => a.start - b.start)) {
    if (range.start < at || range.end > body.length || range.end <= range.start) continue;
    if (range.start > at) parts.push({ text: body.slice(at, range.start), match: false });
    parts.push({ text: body.slice(range.start, range.end), match: true });
    at = range.end;
  }
  if (at < body.length) parts.push({ text: body.slice(at), match: false });
  return parts;
}
