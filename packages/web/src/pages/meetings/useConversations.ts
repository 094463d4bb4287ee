import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ChatApi } from "../../chat/chatApi.ts";
import { channelTitle } from "../../chat/channelNames.ts";
import { chatTitle } from "../../chat/chatNames.ts";

/** Where a meeting can be scheduled: a team's channels (grouped by team), or a chat. */
export interface Conversations {
  teams: { id: string; name: string; channels: { id: string; title: string }[] }[];
  chats: { id: string; title: string }[];
}

const NONE: Conversations = { teams: [], chats: [] };

/**
 * The channels and chats one is in, named as the chat page names them ("General" translated, a
 * chat by its topic or people), for the schedule dialog's choice of where the meeting belongs.
 * Read once when the dialog opens; none when they cannot be read (the meeting then has none).
 */
export function useConversations(people: ChatApi, meId: string): Conversations {
  const { t } = useTranslation();
  const [found, setFound] = useState<Conversations>(NONE);
  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    void (async () => {
      const { teams } = await people.teams(signal);
      const withChannels = await Promise.all(
        teams.map(async (team) => {
          const { channels } = await people.channels(team.id, signal);
          return {
            id: team.id,
            name: team.name,
            channels: channels.map((c) => ({ id: c.id, title: channelTitle(t, c, channels) })),
          };
        }),
      );
      const { chats } = await people.chats(signal);
      setFound({
        teams: withChannels.filter((team) => team.channels.length > 0),
        chats: chats.map((c) => ({
          id: c.id,
          title: chatTitle(c, meId, t("chats.nameSeparator")),
        })),
      });
    })().catch(() => undefined);
    return () => controller.abort();
  }, [people, meId, t]);
  return found;
}
