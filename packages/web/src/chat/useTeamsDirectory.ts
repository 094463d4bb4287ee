import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import type { ChannelSummary, TeamSummary } from "@engawa/shared";
import { ApiError } from "../api/client.ts";
import type { ChatApi } from "./chatApi.ts";
import { useChatConnection } from "./ChatConnectionContext.tsx";

/**
 * How often the lists are read again anyway. The server pushes membership changes
 * (`directory.changed`: added to or removed from a team or private channel, a new channel), so
 * this is only a fallback for one missed while the connection was down.
 */
const REFRESH_MS = 120_000;
/** Unread counts of other channels are re-read this long after their last live message. */
const UNREAD_DELAY_MS = 800;

/** The person's teams and, for the teams they are in, the channels they can see. */
export interface TeamsDirectory {
  teams: TeamSummary[] | null;
  channels: Readonly<Record<string, ChannelSummary[]>>;
  failure: unknown;
  /** Reads everything again (after a change the page made). */
  reload: () => Promise<void>;
  /** The open channel was read: its badge goes at once (the server agrees on the next read). */
  markedRead: (channelId: string) => void;
}

/** Reads the teams, then the channels of each team the person is in. */
async function readDirectory(api: ChatApi) {
  const list = (await api.teams()).teams;
  const read = await Promise.all(
    list
      .filter((team) => team.myRole !== null)
      .map(async (team) => {
        try {
          return [team.id, (await api.channels(team.id)).channels] as const;
        } catch (error) {
          // Removed from the team between the two reads: it is simply gone.
          if (error instanceof ApiError && (error.status === 403 || error.status === 404))
            return null;
          throw error;
        }
      }),
  );
  const channels: Record<string, ChannelSummary[]> = {};
  for (const entry of read) if (entry) channels[entry[0]] = entry[1];
  return { teams: list.filter((team) => team.myRole === null || channels[team.id]), channels };
}

/**
 * The left column's data. Unread badges stay current: every visible channel is followed on the
 * shared connection from its last sequence number, and a change in a channel other than the open
 * one re-reads that team's channels (the server counts unread, so the badge is never guessed).
 * Lists are read again when the server says the person's teams or channels changed, after a
 * reconnect, when a followed channel is lost, and every {@link REFRESH_MS} as a fallback.
 */
export function useTeamsDirectory(api: ChatApi, openChannelId: string | null): TeamsDirectory {
  const connection = useChatConnection();
  const [teams, setTeams] = useState<TeamSummary[] | null>(null);
  const [channels, setChannels] = useState<Record<string, ChannelSummary[]>>({});
  const [failure, setFailure] = useState<unknown>(null);

  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    await readDirectory(api).then(
      (read) => {
        if (mine !== generation.current) return; // a newer read is on its way
        setTeams(read.teams);
        setChannels(read.channels);
        setFailure(null);
      },
      (error: unknown) => setFailure(error),
    );
  }, [api]);

  const reloadTeam = useCallback(
    async (teamId: string) => {
      try {
        const list = (await api.channels(teamId)).channels;
        setChannels((current) => ({ ...current, [teamId]: list }));
      } catch {
        await reload();
      }
    },
    [api, reload],
  );

  const markedRead = useCallback((channelId: string) => {
    setChannels((current) => {
      const next: Record<string, ChannelSummary[]> = {};
      for (const [teamId, list] of Object.entries(current))
        next[teamId] = list.map((c) => (c.id === channelId ? { ...c, unread: 0 } : c));
      return next;
    });
  }, []);

  const refresh = useEffectEvent(() => void reload());
  useEffect(() => {
    refresh();
    const timer = window.setInterval(() => refresh(), REFRESH_MS);
    const stopResume = connection.onResumed(() => refresh());
    const stopDirectory = connection.onDirectoryChanged(() => refresh());
    return () => {
      window.clearInterval(timer);
      stopResume();
      stopDirectory();
    };
  }, [connection]);

  // Follow every visible channel; add and drop followers as the lists change (never all anew,
  // which would unsubscribe and subscribe every channel on every read).
  const follows = useRef(new Map<string, () => void>());
  const timers = useRef(new Map<string, number>());
  const changed = useEffectEvent((teamId: string, channelId: string) => {
    if (channelId === openChannelId) return;
    window.clearTimeout(timers.current.get(teamId));
    timers.current.set(
      teamId,
      window.setTimeout(() => void reloadTeam(teamId), UNREAD_DELAY_MS),
    );
  });
  useEffect(() => {
    const visible = new Map<string, ChannelSummary>();
    for (const list of Object.values(channels)) for (const c of list) visible.set(c.id, c);
    const current = follows.current;
    for (const [channelId, unfollow] of current)
      if (!visible.has(channelId)) {
        unfollow();
        current.delete(channelId);
      }
    for (const [channelId, channel] of visible)
      if (!current.has(channelId))
        current.set(
          channelId,
          connection.follow(channelId, channel.lastSeq, {
            onMessage: () => changed(channel.teamId, channelId),
            onAccessLost: () => {
              current.delete(channelId);
              refresh();
            },
          }),
        );
  }, [channels, connection]);
  useEffect(() => {
    const current = follows.current;
    const pendingTimers = timers.current;
    return () => {
      for (const unfollow of current.values()) unfollow();
      current.clear();
      for (const timer of pendingTimers.values()) window.clearTimeout(timer);
    };
  }, []);

  return { teams, channels, failure, reload, markedRead };
}
