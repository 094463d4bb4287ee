import type { RequestInfo } from "../../platform/context.ts";
import type { Scope } from "../../platform/scope.ts";
import type { Principal } from "../identity/index.ts";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** Posts a message in one channel or chat as the person it was decided for. */
export type ChannelPoster = (body: string) => Promise<void>;

/**
 * What meetings use of channels and chats, which collaboration owns (the composition root installs
 * it). A meeting scheduled in a channel is announced there, and the channel's members count as
 * invited to it.
 */
export interface MeetingChannels {
  /**
   * Decides that this person may post in the channel or chat now, as posting a message there is
   * decided — the policy engine on their relation to it, then conditional access — and gives back
   * how to post there as them. A channel they cannot see or may not post in is `not_found` (the
   * post route does not tell that it exists either); a conditional-access refusal is its own error.
   */
  poster(principal: UserPrincipal, channelId: string, info: RequestInfo): Promise<ChannelPoster>;
  /** Whether someone is in the channel or chat now (read afresh: leaving it ends the invitation). */
  isMember(scope: Scope, channelId: string, userId: string): Promise<boolean>;
}
