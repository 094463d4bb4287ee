import { useCallback, useEffect, useRef, useState } from "react";
import type { FileSummary } from "@engawa/shared";
import { uploadFile } from "./fileUpload.ts";

/** A file on its way into the channel, to be attached to the next message. */
export interface PendingFile {
  key: string;
  name: string;
  size: number;
  /** 0…1 while uploading. */
  progress: number;
  uploaded: FileSummary | null;
  error: unknown;
}

/**
 * The files chosen (button or drag and drop) for the next message. Each starts uploading at once,
 * so sending waits only for what is still on its way; a file over the organisation's limit is
 * refused before any byte is sent (`maxBytes`, from the channel's file list), and the server checks
 * again. Clearing (after sending, or on another channel) cancels what is still uploading; files
 * that went with a refused message are restored.
 */
export function usePendingFiles(options: {
  slug: string;
  channelId: string;
  csrfToken: string | undefined;
  maxBytes: number | null;
}) {
  const { slug, channelId, csrfToken, maxBytes } = options;
  const [files, setFiles] = useState<PendingFile[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const counter = useRef(0);

  const update = (key: string, change: Partial<PendingFile>) =>
    setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));

  const add = useCallback(
    (chosen: Iterable<File>) => {
      for (const file of chosen) {
        counter.current += 1;
        const key = `f${counter.current}`;
        const tooLarge = maxBytes !== null && file.size > maxBytes;
        setFiles((list) => [
          ...list,
          { key, name: file.name, size: file.size, progress: 0, uploaded: null, error: null },
        ]);
        if (tooLarge) {
          update(key, { error: "too_large" });
          continue;
        }
        const controller = new AbortController();
        controllers.current.set(key, controller);
        uploadFile({
          slug,
          channelId,
          file,
          csrfToken,
          signal: controller.signal,
          onProgress: (progress) => update(key, { progress }),
        })
          .then((uploaded) => update(key, { uploaded, progress: 1 }))
          .catch((error: unknown) => update(key, { error }))
          .finally(() => controllers.current.delete(key));
      }
    },
    [slug, channelId, csrfToken, maxBytes],
  );

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    setFiles((list) => list.filter((f) => f.key !== key));
  }, []);

  const clear = useCallback(() => {
    for (const controller of controllers.current.values()) controller.abort();
    controllers.current.clear();
    setFiles([]);
  }, []);

  /** Puts back files that went with a message the server refused, so they can be sent again. */
  const restore = useCallback((returned: PendingFile[]) => {
    setFiles((list) => [...returned, ...list]);
  }, []);

  useEffect(() => clear, [channelId, clear]);

  const busy = files.some((f) => f.uploaded === null && f.error === null);
  const ready = files.flatMap((f) => (f.uploaded ? [f.uploaded.id] : []));
  return { files, add, remove, clear, restore, busy, ready };
}

export type PendingFiles = ReturnType<typeof usePendingFiles>;
