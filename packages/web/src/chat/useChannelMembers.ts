import { useEffect, useState } from "react";
import type { ChatApi } from "./chatApi.ts";
import type { ChannelMember } from "./mentions.ts";

/**
 * The people who can read a channel, for the composer's "@" suggestions: read when the channel
 * opens. Null while loading, and if it could not be read (mentions then simply offer nobody; the
 * message itself can still be sent).
 */
export function useChannelMembers(api: ChatApi, channelId: string): ChannelMember[] | null {
  const [members, setMembers] = useState<{ channelId: string; list: ChannelMember[] } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .channelMembers(channelId, controller.signal)
      .then((reply) => setMembers({ channelId, list: reply.members }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, channelId]);
  return members?.channelId === channelId ? members.list : null;
}
