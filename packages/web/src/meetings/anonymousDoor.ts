import type {
  ErrorCode,
  AnonymousKnockResponse,
  JoinMeetingResponse,
  MeetingEnterResponse,
  MeetingTicketResponse,
} from "@engawa/shared";
import { ApiError, apiRequest } from "../api/client.ts";

/** How often the waiting screen asks what became of the knock. */
export const TICKET_POLL_MS = 2_500;

/**
 * How someone knocks. A member knocks with the join code (`api.join`); someone without an account
 * through `anonymousDoor`. `waiting` is called while the knock waits in the lobby.
 */
export interface MeetingDoor {
  knock(code: string, waiting: () => void): Promise<JoinMeetingResponse>;
  /** Stops following the knock (the page left). */
  cancel(): void;
  /**
   * Stops waiting on one's own word while still in the lobby (a member does it over the meeting's
   * WebSocket instead): the organisers' queue no longer shows them.
   */
  withdraw?(): Promise<void>;
}

/**
 * Someone without an account: knock with the name they typed (`/api/meeting-knocks/:slug`), follow
 * the ticket every few seconds while waiting, and once let in exchange it for the meeting cookie
 * (`…/enter`: HttpOnly, the WebSocket then opens as them). Turned away: `lobby_denied`; removed,
 * left or ended: the server's code, as an `ApiError`. The ticket stays in this object only.
 */
export function anonymousDoor(slug: string): MeetingDoor & { named(name: string): void } {
  let name = "";
  const base = `/api/meeting-knocks/${encodeURIComponent(slug)}`;
  let ticket: string | null = null;
  let cancelled = false;
  let timer: number | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      timer = window.setTimeout(resolve, TICKET_POLL_MS);
    });
  const refused = (code: ErrorCode) => new ApiError({ status: 403, code });
  return {
    async knock(code, waiting) {
      cancelled = false;
      // A ticket still waiting or let in is used again; one that closed (a dropped connection
      // leaves the room) means a new knock, through the lobby, like a member's.
      let state = ticket
        ? (
            await apiRequest<MeetingTicketResponse>(`${base}/state`, {
              method: "POST",
              body: { ticket },
            })
          ).state
        : null;
      if (state !== "lobby" && state !== "admitted") {
        const knocked = await apiRequest<AnonymousKnockResponse>(base, {
          method: "POST",
          body: { code, name },
        });
        ticket = knocked.ticket;
        state = "lobby";
      }
      while (state === "lobby") {
        waiting();
        await pause();
        if (cancelled) throw new ApiError({ status: 0, code: "network_error" });
        state = (
          await apiRequest<MeetingTicketResponse>(`${base}/state`, {
            method: "POST",
            body: { ticket },
          })
        ).state;
      }
      if (state === "denied") throw refused("lobby_denied");
      if (state === "removed") throw refused("removed_from_meeting");
      if (state === "ended") throw refused("meeting_ended");
      if (state !== "admitted") throw refused("not_found");
      const entered = await apiRequest<MeetingEnterResponse>(`${base}/enter`, {
        method: "POST",
        body: { ticket },
      });
      return {
        outcome: "admitted",
        meetingId: entered.meetingId,
        participantId: entered.participantId,
      };
    },
    /** The name typed on the pre-join screen (what the next knock carries). */
    named(typed) {
      name = typed;
    },
    cancel() {
      cancelled = true;
      window.clearTimeout(timer);
    },
    async withdraw() {
      const waiting = ticket;
      ticket = null;
      if (!waiting) return;
      // keepalive: the goodbye still goes when the tab is closing. A knock already decided
      // answers 404, which changes nothing for someone leaving.
      await apiRequest(`${base}/withdraw`, {
        method: "POST",
        body: { ticket: waiting },
        keepalive: true,
      }).catch(() => undefined);
    },
  };
}
