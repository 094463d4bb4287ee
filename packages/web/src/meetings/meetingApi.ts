import type {
  AttendanceResponse,
  JoinMeetingResponse,
  LobbyDecisionResponse,
  LobbyResponse,
  MeetingChatMessageResponse,
  MeetingChatResponse,
  MeetingPolicyResponse,
  MeetingResponse,
  MeetingRoleResponse,
  MeetingsResponse,
  ParticipantResponse,
  ParticipantsResponse,
  ScheduleMeetingRequest,
  UpdateMeetingRequest,
} from "@engawa/shared";
import type { Requester } from "../chat/chatApi.ts";

/**
 * The meetings' HTTP API in one place (server: domains/meetings/routes.ts and controlRoutes.ts).
 * Every call goes through the session's `request`, so CSRF, step-up and a lapsed session are
 * handled as everywhere else.
 */
export function meetingApi(request: Requester, slug: string) {
  const t = `/api/t/${encodeURIComponent(slug)}`;
  const meeting = (id: string) => `${t}/meetings/${encodeURIComponent(id)}`;
  const post = <T>(path: string, body?: unknown) =>
    request<T>(path, body === undefined ? { method: "POST" } : { method: "POST", body });
  return {
    /** The meetings one organises or is named in, from those running now, soonest first. */
    mine: (signal?: AbortSignal) =>
      request<MeetingsResponse>(`${t}/meetings`, signal ? { signal } : {}),
    /** The meetings one was in that are over (ended, or an hour past their end), newest first. */
    past: (signal?: AbortSignal) =>
      request<MeetingsResponse>(`${t}/meetings?when=past`, signal ? { signal } : {}),
    schedule: (body: ScheduleMeetingRequest) => post<MeetingResponse>(`${t}/meetings`, body),
    /** The organisation's meeting policy (the lobby option a meeting takes unless it says). */
    policy: (signal?: AbortSignal) =>
      request<MeetingPolicyResponse>(`${t}/meeting-policy`, signal ? { signal } : {}),
    get: (id: string, signal?: AbortSignal) =>
      request<MeetingResponse>(meeting(id), signal ? { signal } : {}),
    /** The iCalendar invitation (a download link: the browser sends the session cookie). */
    icsHref: (id: string) => `${meeting(id)}/invite.ics`,
    /** Knocks with the join code: straight in, or to the lobby (a refusal is a 403 naming why). */
    join: (code: string) => post<JoinMeetingResponse>(`${t}/meeting-joins`, { code }),
    lobby: (id: string) => request<LobbyResponse>(`${meeting(id)}/lobby`),
    admit: (id: string, participantId: string) =>
      post<LobbyDecisionResponse>(
        `${meeting(id)}/lobby/${encodeURIComponent(participantId)}/admit`,
      ),
    deny: (id: string, participantId: string) =>
      post<LobbyDecisionResponse>(`${meeting(id)}/lobby/${encodeURIComponent(participantId)}/deny`),
    update: (id: string, body: UpdateMeetingRequest) =>
      request<MeetingResponse>(meeting(id), { method: "PATCH", body }),
    end: (id: string) => post<MeetingResponse>(`${meeting(id)}/end`),
    setRole: (id: string, userId: string, role: "presenter" | "attendee") =>
      request<MeetingRoleResponse>(`${meeting(id)}/roles/${encodeURIComponent(userId)}`, {
        method: "PUT",
        body: { role },
      }),
    remove: (id: string, participantId: string) =>
      post<ParticipantResponse>(
        `${meeting(id)}/participants/${encodeURIComponent(participantId)}/remove`,
      ),
    participants: (id: string, signal?: AbortSignal) =>
      request<ParticipantsResponse>(`${meeting(id)}/participants`, signal ? { signal } : {}),
    /** Who knocked, got in and left (organisers and co-organisers only). */
    attendance: (id: string, signal?: AbortSignal) =>
      request<AttendanceResponse>(`${meeting(id)}/attendance`, signal ? { signal } : {}),
    /** A page of the meeting's chat, newest first; `before` (a message's time) pages back. */
    chat: (id: string, before?: string, signal?: AbortSignal) =>
      request<MeetingChatResponse>(
        `${meeting(id)}/chat${before ? `?before=${encodeURIComponent(before)}` : ""}`,
        signal ? { signal } : {},
      ),
    /** Writes in the meeting's chat with one's own admitted join. */
    postChat: (id: string, participantId: string, body: string) =>
      post<MeetingChatMessageResponse>(`${meeting(id)}/chat`, { participantId, body }),
  };
}

/** The meetings API bound to one organisation. */
export type MeetingApi = ReturnType<typeof meetingApi>;
