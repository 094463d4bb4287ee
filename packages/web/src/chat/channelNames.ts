import type { TFunction } from "i18next";
import type { ChannelSummary } from "@engawa/shared";

/** The name the server gives every team's first channel (collaboration/commands/teams.ts). */
const GENERAL = "General";

/**
 * A channel's name as the reader sees it. Every team starts with a standard channel the server
 * names "General" in English; it is shown in the reader's language (Teams shows 「一般」). It is
 * recognised as the team's first channel (the server lists channels oldest first) with that name,
 * so a channel someone else named "General" later keeps its own name.
 */
export function channelTitle(
  t: TFunction,
  channel: ChannelSummary,
  teamChannels: readonly ChannelSummary[],
): string {
  const general =
    channel.kind === "standard" && channel.name === GENERAL && teamChannels[0]?.id === channel.id;
  return general ? t("chat.general") : channel.name;
}
