import { randomUUID } from "node:crypto";
import { MEETING_CHAT_PAGE, type MeetingChatMessage } from "@engawa/shared";
import type { Clock } from "../../../platform/clock.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { Keyring } from "../../keys/index.ts";
import { ownsJoin, type JoinOwner } from "../guests.ts";
import type { MeetingRooms } from "../room.ts";
import type { MeetingMessageRow, MeetingRow, MeetingsStore } from "../store.ts";

export interface ChatDeps {
  clock: Clock;
  keyring: Keyring;
  store: MeetingsStore;
  rooms: MeetingRooms;
}

/** The AAD of a chat message's sealed body: it opens only as this message of this meeting. */
const bodyContext = (meetingId: string, id: string) => `meeting-chat:${meetingId}:${id}`;

/**
 * Someone in the meeting writes in its chat, with their own admitted join, while it runs (404 for
 * another's join or one no longer in; `meeting_ended` after the end). The body is sealed at rest;
 * everyone in the room hears `meeting.chat` at once, and the meeting's people read it later.
 */
export async function postMessage(
  deps: ChatDeps,
  scope: Scope,
  meeting: MeetingRow,
  owner: JoinOwner,
  participantId: string,
  body: string,
): Promise<MeetingChatMessage> {
  if (meeting.endedAt) throw new AppError("meeting_ended", "This meeting has ended.");
  const author = await deps.store.participant(scope, meeting.id, participantId);
  if (!author || !ownsJoin(owner, author) || author.state !== "admitted")
    throw new AppError("not_found", "Not found.");
  const row: Omit<MeetingMessageRow, "tenantId"> = {
    id: randomUUID(),
    meetingId: meeting.id,
    participantId,
    authorName: author.displayName,
    bodyEnc: "",
    createdAt: deps.clock.now(),
  };
  row.bodyEnc = await deps.keyring.encrypt(
    scope,
    "general",
    Buffer.from(body, "utf8"),
    bodyContext(meeting.id, row.id),
  );
  await deps.store.insertMessage(scope, row);
  const message = presentMessage(row, body);
  deps.rooms.broadcastChat(meeting.id, message);
  return message;
}

/** A page of the meeting's chat, newest first. */
export async function messages(
  deps: ChatDeps,
  scope: Scope,
  meeting: MeetingRow,
  before: Date | null,
): Promise<MeetingChatMessage[]> {
  const rows = await deps.store.messages(scope, meeting.id, before, MEETING_CHAT_PAGE);
  const shown: MeetingChatMessage[] = [];
  for (const row of rows) {
    const body = await deps.keyring.decrypt(
      scope,
      "general",
      row.bodyEnc,
      bodyContext(meeting.id, row.id),
    );
    shown.push(presentMessage(row, body.toString("utf8")));
  }
  return shown;
}

function presentMessage(row: Omit<MeetingMessageRow, "tenantId">, body: string) {
  return {
    id: row.id,
    meetingId: row.meetingId,
    participantId: row.participantId,
    authorName: row.authorName,
    body,
    createdAt: row.createdAt.toISOString(),
  };
}
