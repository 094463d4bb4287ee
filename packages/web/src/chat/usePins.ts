import { useEffect, useRef, useState } from "react";
import type { Message } from "@engawa/shared";
import type { ChatApi } from "./chatApi.ts";
import { useChannelFollow } from "./ChatConnectionContext.tsx";
import { fromPinsRead, withPinChange, type PinList } from "./pinState.ts";

/**
 * A channel's pinned messages for the Pinned panel (mounted while it is open): read at once, then kept
 * current by the channel's live changes (a pin, an unpin, an edit or a deletion is a change of the
 * message). Changes heard while the list is being read are applied once it arrives.
 */
export function usePins(
  api: ChatApi,
  channelId: string,
  /** The channel view's sequence number (null while it loads): live changes follow from it. */
  fromSeq: number | null,
): { list: PinList | null; failure: unknown } {
  const [list, setList] = useState<PinList | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  /** Changes heard before the list arrived (null once it did). */
  const heard = useRef<Message[] | null>([]);

  useEffect(() => {
    const controller = new AbortController();
    heard.current = [];
    api.pins(channelId, controller.signal).then(
      (read) => {
        setList(fromPinsRead(read, heard.current ?? []));
        heard.current = null;
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setFailure(error);
      },
    );
    return () => controller.abort();
  }, [api, channelId]);

  useChannelFollow(channelId, fromSeq, {
    onMessage: (message) => {
      if (heard.current) heard.current.push(message);
      else setList((current) => (current ? withPinChange(current, message) : current));
    },
    // The channel view says so and clears the page.
    onAccessLost: () => setList(null),
  });

  return { list, failure };
}
