import type {
  ContentLabelResponse,
  Reaction,
  SearchResponse,
  InviteGuestRequest,
  InviteGuestResponse,
  UpdateTeamRequest,
  ChannelKind,
  ChannelMembersResponse,
  MentionsInput,
  NotificationListResponse,
  ChannelListResponse,
  ChannelSummary,
  ChatListResponse,
  ChatSummary,
  CreateChatRequest,
  CreateTeamRequest,
  PeopleResponse,
  FileListResponse,
  Message,
  MessagePage,
  PinnedMessages,
  TeamListResponse,
  TeamResponse,
  LabelsResponse,
  TeamSummary,
  UserListResponse,
} from "@engawa/shared";
import type { RequestOptions } from "../api/client.ts";

/** The body of a change that answers nothing but success. */
interface Ok {
  ok: true;
}

/** The session's request function (adds the CSRF header, handles step-up and 401). */
export type Requester = <T>(path: string, options?: RequestOptions) => Promise<T>;

/** How many messages one page of a channel or a thread holds. */
export const PAGE_SIZE = 50;

/**
 * The collaboration API in one place, so the pages read as what they do and every path is
 * encoded the same way. Each call goes through the session's `request`, so CSRF, step-up and a
 * lapsed session are handled as everywhere else.
 */
export function chatApi(request: Requester, slug: string) {
  const t = `/api/t/${encodeURIComponent(slug)}`;
  const team = (teamId: string) => `${t}/teams/${encodeURIComponent(teamId)}`;
  const channel = (channelId: string) => `${t}/channels/${encodeURIComponent(channelId)}`;
  const message = (messageId: string) => `${t}/messages/${encodeURIComponent(messageId)}`;
  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) search.set(key, String(value));
    return search.toString();
  };
  return {
    teams: (signal?: AbortSignal) =>
      request<TeamListResponse>(`${t}/teams`, signal ? { signal } : {}),
    createTeam: (body: CreateTeamRequest) =>
      request<TeamSummary>(`${t}/teams`, { method: "POST", body }),
    team: (teamId: string, signal?: AbortSignal) =>
      request<TeamResponse>(team(teamId), signal ? { signal } : {}),
    join: (teamId: string) => request<Ok>(`${team(teamId)}/join`, { method: "POST" }),
    putTeamMember: (teamId: string, userId: string, role: "owner" | "member") =>
      request<Ok>(`${team(teamId)}/members/${encodeURIComponent(userId)}`, {
        method: "PUT",
        body: { role },
      }),
    /** The organisation's sensitivity labels, least sensitive first. */
    labels: (signal?: AbortSignal) =>
      request<LabelsResponse>(`${t}/labels`, signal ? { signal } : {}),
    setTeamLabel: (teamId: string, labelId: string | null) =>
      request<TeamSummary>(`${team(teamId)}/label`, { method: "PUT", body: { labelId } }),
    updateTeam: (teamId: string, body: UpdateTeamRequest) =>
      request<TeamSummary>(team(teamId), { method: "PATCH", body }),
    /** A guest into the team: a link to send, or (an existing guest) added at once. */
    inviteGuest: (teamId: string, body: InviteGuestRequest) =>
      request<InviteGuestResponse>(`${team(teamId)}/guests`, { method: "POST", body }),
    removeTeamMember: (teamId: string, userId: string) =>
      request<Ok>(`${team(teamId)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
    channels: (teamId: string, signal?: AbortSignal) =>
      request<ChannelListResponse>(`${team(teamId)}/channels`, signal ? { signal } : {}),
    createChannel: (teamId: string, name: string, kind: ChannelKind) =>
      request<ChannelSummary>(`${team(teamId)}/channels`, {
        method: "POST",
        body: { name, kind },
      }),
    putChannelMember: (channelId: string, userId: string) =>
      request<Ok>(`${channel(channelId)}/members/${encodeURIComponent(userId)}`, {
        method: "PUT",
      }),
    removeChannelMember: (channelId: string, userId: string) =>
      request<Ok>(`${channel(channelId)}/members/${encodeURIComponent(userId)}`, {
        method: "DELETE",
      }),
    markRead: (channelId: string, seq: number) =>
      request<Ok>(`${channel(channelId)}/read`, { method: "POST", body: { seq } }),
    /** Top-level messages (or one thread's replies), newest first, before a position. */
    page: (channelId: string, options: { before?: number; thread?: string }) =>
      request<MessagePage>(
        `${channel(channelId)}/messages?${query({ ...options, limit: PAGE_SIZE })}`,
      ),
    /** Text, files already uploaded to the channel (by id), or both; and whom it mentions. */
    post: (
      channelId: string,
      body: string,
      options: {
        threadRootId?: string | undefined;
        attachments?: string[] | undefined;
        mentions?: MentionsInput | undefined;
      } = {},
    ) =>
      request<Message>(`${channel(channelId)}/messages`, {
        method: "POST",
        body: {
          ...(body.trim() ? { body } : {}),
          ...(options.threadRootId ? { threadRootId: options.threadRootId } : {}),
          ...(options.attachments?.length ? { attachments: options.attachments } : {}),
          ...(options.mentions ? { mentions: options.mentions } : {}),
        },
      }),
    /** The channel's files and the organisation's upload limit. */
    files: (channelId: string, signal?: AbortSignal) =>
      request<FileListResponse>(`${channel(channelId)}/files`, signal ? { signal } : {}),
    /** Deletes a file with every version (its uploader or a team owner may). */
    /** Puts a label on a team's channel or takes its own off (its team's owners, admins). */
    setChannelLabel: (channelId: string, labelId: string | null) =>
      request<ContentLabelResponse>(`${channel(channelId)}/label`, {
        method: "PUT",
        body: { labelId },
      }),
    /** Puts a label on a shared file or takes its own off (its team's owners, admins). */
    setFileLabel: (fileId: string, labelId: string | null) =>
      request<ContentLabelResponse>(`${t}/files/${encodeURIComponent(fileId)}/label`, {
        method: "PUT",
        body: { labelId },
      }),
    deleteFile: (fileId: string) =>
      request<Ok>(`${t}/files/${encodeURIComponent(fileId)}`, { method: "DELETE" }),
    /** Where a file's download or preview is (plain links: the browser fetches them itself). */
    fileUrl: (fileId: string, part: "content" | "thumbnail", version: number) =>
      `${t}/files/${encodeURIComponent(fileId)}/${part}?version=${version}`,
    edit: (messageId: string, body: string, mentions?: MentionsInput) =>
      request<Message>(message(messageId), {
        method: "PATCH",
        body: mentions ? { body, mentions } : { body },
      }),
    /** Who can read a channel (whom the composer offers after "@"). */
    channelMembers: (channelId: string, signal?: AbortSignal) =>
      request<ChannelMembersResponse>(`${channel(channelId)}/members`, signal ? { signal } : {}),
    /** Messages the person may read that contain the words (Japanese and English), newest first. */
    search: (q: string, signal?: AbortSignal) =>
      request<SearchResponse>(`${t}/search?${query({ q, limit: 30 })}`, signal ? { signal } : {}),
    /** One's Activity feed (mentions) and its unread count. */
    notifications: (signal?: AbortSignal) =>
      request<NotificationListResponse>(`${t}/notifications`, signal ? { signal } : {}),
    markNotificationsRead: (ids: string[] | "all") =>
      request<Ok>(`${t}/notifications/read`, {
        method: "POST",
        body: ids === "all" ? { all: true } : { ids },
      }),
    /** Gives (`on`) or takes back one's reaction; answers the message as it now is. */
    react: (messageId: string, reaction: Reaction, on: boolean) =>
      request<Message>(`${message(messageId)}/reactions/${reaction}`, {
        method: on ? "PUT" : "DELETE",
      }),
    /** Pins (`on`) or unpins a message for everyone in its channel; answers the message. */
    pin: (messageId: string, on: boolean) =>
      request<Message>(`${message(messageId)}/pin`, { method: on ? "PUT" : "DELETE" }),
    /** The channel's pinned messages, newest pin first, and its sequence number then. */
    pins: (channelId: string, signal?: AbortSignal) =>
      request<PinnedMessages>(`${channel(channelId)}/pins`, signal ? { signal } : {}),
    remove: (messageId: string) => request<Message>(message(messageId), { method: "DELETE" }),
    /** One's 1:1 and group chats, newest activity first. */
    chats: (signal?: AbortSignal) =>
      request<ChatListResponse>(`${t}/chats`, signal ? { signal } : {}),
    /** Starts a chat (a 1:1 chat that exists already is answered instead). */
    createChat: (body: CreateChatRequest) =>
      request<ChatSummary>(`${t}/chats`, { method: "POST", body }),
    /** Names a group chat (an empty topic shows the members' names instead). */
    renameChat: (chatId: string, topic: string) =>
      request<ChatSummary>(`${t}/chats/${encodeURIComponent(chatId)}`, {
        method: "PATCH",
        body: { topic },
      }),
    /** People one may start a chat with, by part of a name or e-mail address. */
    people: (q: string, signal?: AbortSignal) =>
      request<PeopleResponse>(
        `${t}/people?${query({ query: q, limit: 10 })}`,
        signal ? { signal } : {},
      ),
    /** The organisation's people (owners and admins only; the server refuses anyone else). */
    users: (signal?: AbortSignal) =>
      request<UserListResponse>(`${t}/users`, signal ? { signal } : {}),
  };
}

/** The API bound to one organisation. */
export type ChatApi = ReturnType<typeof chatApi>;
