import { isErrorCode, type FileSummary } from "@engawa/shared";
import { ApiError, CSRF_HEADER } from "../api/client.ts";

/**
 * Uploads one file into a channel: the body is the file itself (the browser streams it from disk,
 * with its length), the name travels in the query. XMLHttpRequest rather than fetch because only
 * it reports upload progress. Failures become the same ApiError as every other call.
 */
export function uploadFile(options: {
  slug: string;
  channelId: string;
  file: File;
  csrfToken: string | undefined;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<FileSummary> {
  const { slug, channelId, file } = options;
  const url =
    `/api/t/${encodeURIComponent(slug)}/channels/${encodeURIComponent(channelId)}/files` +
    `?name=${encodeURIComponent(file.name)}`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.setRequestHeader("accept", "application/json");
    if (options.csrfToken) xhr.setRequestHeader(CSRF_HEADER, options.csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const payload = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload as FileSummary);
        return;
      }
      const error = (payload as { error?: { code?: unknown; field?: unknown } } | null)?.error;
      const code = typeof error?.code === "string" && isErrorCode(error.code) ? error.code : null;
      reject(
        new ApiError({
          status: xhr.status,
          code: code ?? (xhr.status === 413 ? "file_too_large" : "generic"),
        }),
      );
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: "network_error" }));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A size in the reader's words: "830 KB", "12.5 MB". */
export function formatSize(bytes: number, locale: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
