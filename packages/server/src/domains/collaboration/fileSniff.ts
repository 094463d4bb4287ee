/**
 * The content type of an upload, from its first bytes (WHATWG MIME Sniffing §7 signatures, and the
 * containers' own magic numbers). What the browser claimed is never used: a file is served with
 * the type its bytes show, or `application/octet-stream`. Types a browser would run as a page
 * (HTML, SVG, XML) are never produced — such files are served as plain text or octet-stream, and
 * always as a download with `nosniff`.
 */
export const SNIFF_BYTES = 4096;

/** Images Engawa makes thumbnails of (decoded by sharp/libvips). */
export const THUMBNAIL_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

interface Signature {
  type: string;
  at?: number;
  bytes: number[];
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: Signature[] = [
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  { type: "image/gif", bytes: ascii("GIF87a") },
  { type: "image/gif", bytes: ascii("GIF89a") },
  { type: "image/tiff", bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: "image/tiff", bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: "application/pdf", bytes: ascii("%PDF-") },
  { type: "application/gzip", bytes: [0x1f, 0x8b, 0x08] },
  { type: "application/x-7z-compressed", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { type: "audio/mpeg", bytes: ascii("ID3") },
  { type: "audio/ogg", bytes: ascii("OggS") },
  { type: "audio/flac", bytes: ascii("fLaC") },
  { type: "application/dicom", at: 128, bytes: ascii("DICM") },
];

/** Office formats are ZIP (OOXML) or OLE2 containers; which one is told by the name's extension. */
const ZIP_KINDS: Record<string, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
};
const OLE_KINDS: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};

function startsWith(head: Buffer, bytes: number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * The type shown by `head` (the first SNIFF_BYTES bytes of the file, or all of a shorter one).
 * The name only tells which kind of container a ZIP or OLE2 file is.
 */
export function sniffContentType(head: Buffer, name: string): string {
  for (const signature of SIGNATURES)
    if (startsWith(head, signature.bytes, signature.at)) return signature.type;
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WAVE"), 8)) return "audio/wav";
  if (startsWith(head, ascii("ftyp"), 4)) {
    const brand = head.subarray(8, 12).toString("latin1");
    if (/^(heic|heix|mif1|msf1)$/.test(brand)) return "image/heic";
    if (brand.startsWith("qt")) return "video/quicktime";
    return brand.startsWith("M4A") ? "audio/mp4" : "video/mp4";
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return ZIP_KINDS[extensionOf(name)] ?? "application/zip";
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return OLE_KINDS[extensionOf(name)] ?? "application/octet-stream";
  if (looksLikeText(head)) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

/** UTF-8 without NULs or other binary control bytes (a cut multi-byte character at the end is fine). */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const byte of head)
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b) || byte === 0x7f) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(trimPartial(head));
    return true;
  } catch {
    return false;
  }
}

function trimPartial(head: Buffer): Buffer {
  // Drop an incomplete UTF-8 sequence cut off by the sniffing window.
  let end = head.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = head[end - i] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if ((byte & 0xc0) === 0xc0) end -= i;
    break;
  }
  return head.subarray(0, end);
}
