import type { LobbyEntry, MeetingKnockEvent, MeetingLobbyEvent } from "@engawa/shared";
import type { ConnectionView } from "../../gateway/defineMessage.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AccessEngine, AccessRequest } from "../access/index.ts";
import { scopeOf, subjectOf } from "../identity/index.ts";
import type { MeetingRelation } from "./service.ts";
import type { MeetingRow } from "./store.ts";

/** The parts of the real-time hub the feed uses. */
export interface LobbySubscribers {
  subscribers(tenantId: string, topic: string): ConnectionView[];
}

/** Conditional access for one connection's request (the composition root installs it). */
export type LobbyConditions = (
  principal: ConnectionView["principal"],
  request: AccessRequest,
  info: RequestInfo,
) => Promise<boolean>;

export interface LobbyFeedDeps {
  hub: () => LobbySubscribers;
  access: AccessEngine;
  conditions: LobbyConditions;
  relationOf: (scope: Scope, meeting: MeetingRow, userId: string) => Promise<MeetingRelation>;
  waiting: (scope: Scope, meeting: MeetingRow) => Promise<LobbyEntry[]>;
}

export const lobbyTopic = (meetingId: string) => `meeting-lobby:${meetingId}`;
export const knockTopic = (participantId: string) => `meeting-knock:${participantId}`;

/**
 * The lobby, live over the WebSocket. Organisers and presenters following a meeting's lobby hear
 * who waits each time it changes; someone waiting hears when they are let in or turned away.
 * Every delivery to an organiser is decided again — their relation to the meeting read afresh,
 * the role policy and conditional access asked — so someone who may no longer run the lobby stops
 * hearing of it (and is unsubscribed) at the next change. Lobby changes are rare: deciding each is
 * cheap enough.
 */
export class LobbyFeed {
  private readonly deps: LobbyFeedDeps;

  constructor(deps: LobbyFeedDeps) {
    this.deps = deps;
  }

  /** Someone knocked, was let in or turned away: tell who follows the lobby. */
  async lobbyChanged(scope: Scope, meeting: MeetingRow): Promise<void> {
    const followers = this.deps.hub().subscribers(meeting.tenantId, lobbyTopic(meeting.id));
    if (followers.length === 0) return;
    const payload: MeetingLobbyEvent = {
      meetingId: meeting.id,
      waiting: await this.deps.waiting(scope, meeting),
    };
    for (const connection of followers) {
      if (await this.mayRunLobby(connection, meeting))
        connection.send({ event: "meeting.lobby", payload });
      else connection.unsubscribe(lobbyTopic(meeting.id));
    }
  }

  /**
   * A knock was decided (or the meeting ended while they waited): tell the person who knocked, on
   * each connection following it.
   */
  knockDecided(
    meeting: MeetingRow,
    participant: { id: string; userId: string | null; state: "admitted" | "denied" | "ended" },
  ): void {
    const payload: MeetingKnockEvent = {
      meetingId: meeting.id,
      participantId: participant.id,
      state: participant.state,
    };
    for (const connection of this.deps
      .hub()
      .subscribers(meeting.tenantId, knockTopic(participant.id))) {
      if (connection.principal.user.id !== participant.userId) continue;
      connection.send({ event: "meeting.knock", payload });
      connection.unsubscribe(knockTopic(participant.id));
    }
  }

  private async mayRunLobby(connection: ConnectionView, meeting: MeetingRow): Promise<boolean> {
    const principal = connection.principal;
    const relation = await this.deps.relationOf(scopeOf(principal), meeting, principal.user.id);
    const request: AccessRequest = {
      subject: subjectOf(principal),
      action: "meeting.lobby.list",
      target: {
        kind: "Meeting",
        id: meeting.id,
        tenantId: meeting.tenantId,
        callerRole: relation,
        label: meeting.labelId ?? "none",
      },
    };
    if (!this.deps.access.decide(request).allowed) return false;
    return this.deps.conditions(principal, request, connection.info);
  }
}
