import { useCallback, useEffect, useState } from "react";
import type { ChatApi } from "./chatApi.ts";
import { useChatConnection } from "./ChatConnectionContext.tsx";
import type { ChannelMember } from "./mentions.ts";

/**
 * The people who can read a channel, for the composer's "@" suggestions and the Members panel:
 * read when the channel opens, when the server says someone joined or left, and each time
 * someone starts a mention. `list` is null until the first answer, and stays null if it cannot be read (mentions then
 * offer nobody; the message itself can still be sent).
 */
export function useChannelMembers(
  api: ChatApi,
  channelId: string,
): { list: ChannelMember[] | null; refresh: () => void } {
  const [members, setMembers] = useState<{ channelId: string; list: ChannelMember[] } | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    api
      .channelMembers(channelId, controller.signal)
      .then((reply) => setMembers({ channelId, list: reply.members }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, channelId, round]);
  const refresh = useCallback(() => setRound((n) => n + 1), []);
  // Someone joined or left (the team, or a private channel or chat): `directory.changed`.
  const connection = useChatConnection();
  useEffect(() => connection.onDirectoryChanged(refresh), [connection, refresh]);
  return { list: members?.channelId === channelId ? members.list : null, refresh };
}
