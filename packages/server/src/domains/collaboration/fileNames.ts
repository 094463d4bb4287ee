import { FILE_LIMITS } from "@engawa/shared";

/**
 * File names come from people's computers and go back to other people's: the name is kept for
 * display and download, never used as a path. Sanitising (OWASP File Upload Cheat Sheet, "File
 * Name Sanitization"): the last path segment only; no control characters (C0, C1); no bidirectional
 * controls that could disguise an extension ("invoice‮fdp.exe"); none of the characters Windows
 * refuses (<>:"/\|?*); no trailing dots or spaces; Windows' reserved device names (CON, NUL, COM1…)
 * get a leading underscore; at most FILE_LIMITS.nameMax characters with the extension kept.
 * Japanese and other scripts are kept as they are (NFC-normalised, so the same name typed on
 * macOS and Windows is one name).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI_AND_INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const FALLBACK = "file";

export function sanitiseFileName(raw: string): string {
  const segments = raw.normalize("NFC").split(/[/\\]/);
  let name = (segments[segments.length - 1] ?? "")
    .replace(CONTROL, "")
    .replace(BIDI_AND_INVISIBLE, "")
    .replace(WINDOWS_FORBIDDEN, "_")
    .trim()
    .replace(/[. ]+$/, "");
  if (/^\.+$/.test(name) || name === "") return FALLBACK;
  const base = name.split(".")[0] ?? "";
  if (RESERVED.test(base.trim())) name = `_${name}`;
  return shorten(name, FILE_LIMITS.nameMax);
}

/** Cuts a name to `max` characters (code points, never half a surrogate pair), keeping a short extension. */
function shorten(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  if (extension.length > 0 && extension.length <= 16) {
    const stem = [...name.slice(0, dot)].slice(0, max - extension.length);
    return stem.join("") + extension.join("");
  }
  return chars.slice(0, max).join("");
}

/** The same name for "is this a new version?": NFC and case-folded, as Windows and macOS compare. */
export function nameIdentity(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

/**
 * `Content-Disposition: attachment` with the name for every browser (RFC 6266 §4.3 and RFC 8187):
 * an ASCII `filename` fallback and the UTF-8 `filename*` that modern browsers use for Japanese
 * names. `inline` is only for Engawa's own thumbnails.
 */
export function contentDisposition(name: string, type: "attachment" | "inline" = "attachment") {
  const fallback = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
