import type { Readable } from "node:stream";
import type {
  ContentLabelResponse,
  Reaction,
  EditMessageRequest,
  UpdateTeamRequest,
  CreateChatRequest,
  CreateChannelRequest,
  CreateTeamRequest,
  MessageQuery,
  PostMessageRequest,
} from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import { currentRequest, type RequestInfo } from "../../platform/context.ts";
import type { Database } from "../../platform/db/database.ts";
import { scopeFor, type Scope } from "../../platform/scope.ts";
import type { AccessEngine, AccessRequest } from "../access/index.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Keyring } from "../keys/index.ts";
import { ChangeOrder } from "./changeOrder.ts";
import { ChannelFeed, type Subscribers } from "./channelFeed.ts";
import * as channels from "./commands/channels.ts";
import type { CollaborationDeps } from "./commands/deps.ts";
import * as messages from "./commands/messages.ts";
import * as teams from "./commands/teams.ts";
import * as chats from "./commands/chats.ts";
import * as contentLabels from "./commands/contentLabels.ts";
import * as activity from "./commands/notifications.ts";
import { NotificationFeed } from "./notificationFeed.ts";
import { PresenceTracker } from "./presence.ts";
import { createNotificationStore } from "./notificationStore.ts";
import { createPeopleStore } from "./peopleStore.ts";
import { searchPeople } from "./commands/people.ts";
import { createReactionStore } from "./reactionStore.ts";
import { setReaction } from "./commands/reactions.ts";
import { createPinStore } from "./pinStore.ts";
import { listPins, setPin } from "./commands/pins.ts";
import { PreparedFrame, type ConnectionView } from "../../gateway/defineMessage.ts";
import * as files from "./commands/files.ts";
import { deleteFile } from "./commands/fileRemoval.ts";
import { FileBlobs } from "./fileBlobs.ts";
import { createFileStore, type FileRow, type FileStore } from "./fileStore.ts";
import { searchMessages } from "./commands/search.ts";
import { SearchIndex } from "./searchIndex.ts";
import { createSearchStore } from "./searchStore.ts";
import { accessOf, channelTarget, type StrongestLabel } from "./resources.ts";
import { scopeOf, subjectOf, type Principal } from "../identity/index.ts";
import { AppError } from "../../platform/errors.ts";

type UserPrincipal = Extract<Principal, { kind: "user" }>;
import type { AccessChange, MessageChange } from "./events.ts";
import {
  createCollaborationStore,
  type ChannelRow,
  type CollaborationStore,
  type MessageWithAuthor,
  type TeamRow,
} from "./store.ts";

/**
 * Teams, channels and messages (PRODUCT.md promises 1–2): message bodies are sealed under the
 * tenant's keys; every change takes the channel's next sequence number and is announced to the
 * live feed after it commits.
 */
export class Collaboration {
  readonly store: CollaborationStore;
  readonly feed: ChannelFeed;
  readonly activity: NotificationFeed;
  readonly presence: PresenceTracker;
  readonly fileStore: FileStore;
  private readonly deps: CollaborationDeps;
  private readonly messageListeners = new Set<(change: MessageChange) => void>();
  /** Changes reach the feed and the listeners in each channel's sequence order. */
  private readonly changeOrder = new ChangeOrder((change) => {
    this.feed.onMessage(change);
    for (const listener of this.messageListeners) listener(change);
  });
  private readonly access: AccessEngine;
  private readonly conditions: ConditionsCheck;
  private readonly strongestLabel: StrongestLabel;

  constructor(input: {
    database: Database;
    keyring: Keyring;
    audit: AuditLog;
    clock: Clock;
    access: AccessEngine;
    /**
     * The conditional-access part of a decision the role part allowed (installed by the
     * composition root): search and the Activity feed re-decide each channel with it, so a
     * policy on a team's label cannot be read around through them.
     */
    conditions: ConditionsCheck;
    /** The most sensitive of a content's labels (conditional access owns the labels' ranks). */
    strongestLabel: StrongestLabel;
    hub: () => Subscribers;
    /** Folder of encrypted file contents (config `filesDir`). */
    filesDir: string;
    /** The tenant's upload limit in bytes. */
    fileMaxBytes: (scope: Scope) => Promise<number>;
  }) {
    this.store = createCollaborationStore(input.database);
    this.fileStore = createFileStore(input.database);
    this.access = input.access;
    this.conditions = input.conditions;
    this.strongestLabel = input.strongestLabel;
    const searchStore = createSearchStore(input.database);
    this.deps = {
      database: input.database,
      store: this.store,
      searchStore,
      notificationStore: createNotificationStore(input.database),
      reactionStore: createReactionStore(input.database),
      pinStore: createPinStore(input.database),
      peopleStore: createPeopleStore(input.database),
      search: new SearchIndex({ store: searchStore, keyring: input.keyring, clock: input.clock }),
      keyring: input.keyring,
      audit: input.audit,
      clock: input.clock,
      fileStore: this.fileStore,
      blobs: new FileBlobs(input.filesDir),
      fileMaxBytes: input.fileMaxBytes,
      announceMessage: (change) => this.changeOrder.offer(change),
      announceAccess: (change: AccessChange) => {
        this.feed.onAccess(change);
        this.presence.onAccess(change.userId);
        this.announceDirectory(input.hub, change.tenantId, [change.userId]);
      },
      announceDirectory: (tenantId, userIds) =>
        this.announceDirectory(input.hub, tenantId, userIds),
      announcePublicTeam: (tenantId) => {
        // Everyone but guests may join it: their lists of teams to join change.
        const frame = new PreparedFrame({ event: "directory.changed", payload: {} });
        for (const connection of input.hub().tenantConnections(tenantId))
          if (connection.principal.user.role !== "guest") connection.send(frame);
      },
      announceNotifications: (tenantId, rows) =>
        void this.activity.push(tenantId, rows).catch(() => undefined),
      announceChat: (tenantId, chatId, userIds) =>
        void this.activity.pushChat(tenantId, chatId, userIds).catch(() => undefined),
    };
    this.feed = new ChannelFeed({
      hub: input.hub,
      access: input.access,
      conditions: input.conditions,
      strongestLabel: input.strongestLabel,
      store: this.store,
      changesAfter: (scope, channelId, afterSeq, limit) =>
        messages.changesAfter(this.deps, scope, channelId, afterSeq, limit),
    });
    this.presence = new PresenceTracker({
      clock: input.clock,
      visibleAmong: (principal, ids) =>
        this.store.sharingWith(
          scopeFor({ type: "system", reason: "presence visibility" }, principal.tenant.id),
          principal.user.id,
          ids,
          principal.user.role === "guest",
        ),
      mayWatch: (principal) =>
        this.access.decide({
          subject: subjectOf(principal),
          action: "presence.read",
          target: { kind: "Tenant", id: principal.tenant.id },
        }).allowed,
    });
    this.activity = new NotificationFeed({
      hub: input.hub,
      present: (scope, userId, ids) => activity.presentNotifications(this.deps, scope, userId, ids),
      mayRead: (connection: ConnectionView, channelId) =>
        this.mayReadChannel(connection.principal, channelId, connection.info),
    });
  }

  /**
   * Tells these people's open connections that their teams or channels changed, so their lists are
   * read again at once. The event carries nothing, so it needs no decision of its own.
   */
  private announceDirectory(hub: () => Subscribers, tenantId: string, userIds: readonly string[]) {
    const frame = new PreparedFrame({ event: "directory.changed", payload: {} });
    for (const userId of new Set(userIds))
      for (const connection of hub().connectionsOf(userId))
        if (connection.principal.tenant.id === tenantId) connection.send(frame);
  }

  /** Hears every message change after it commits (tests, and later search indexing). */
  onMessage(listener: (change: MessageChange) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  listTeams(scope: Scope, userId: string, isGuest: boolean) {
    return teams.listTeams(this.deps, scope, userId, isGuest);
  }

  createTeam(scope: Scope, userId: string, input: CreateTeamRequest) {
    return teams.createTeam(this.deps, scope, userId, input);
  }

  updateTeam(scope: Scope, team: TeamRow, input: UpdateTeamRequest, callerRole: string | null) {
    return teams.updateTeam(this.deps, scope, team, input, callerRole);
  }

  /**
   * Labels a channel of a team (or takes its own label off) and answers the label decisions now
   * use; its followers are decided again at once, as for a team's label.
   */
  async setChannelLabel(
    scope: Scope,
    channel: ChannelRow,
    labelId: string | null,
  ): Promise<ContentLabelResponse> {
    await contentLabels.setChannelLabel(this.deps, scope, channel, labelId);
    this.feed.onLabelChange(channel.tenantId);
    const labels = await this.store.channelLabels(scope, channel.id);
    return {
      labelId,
      effectiveLabelId: await this.strongestLabel(scope, [labels.teamLabelId, labelId]),
    };
  }

  /** Labels a shared file (or takes its own label off); answers the label decisions now use. */
  async setFileLabel(
    scope: Scope,
    file: FileRow,
    labelId: string | null,
  ): Promise<ContentLabelResponse> {
    await contentLabels.setFileLabel(this.deps, scope, file, labelId);
    const labels = await this.store.channelLabels(scope, file.channelId);
    return {
      labelId,
      effectiveLabelId: await this.strongestLabel(scope, [
        labels.teamLabelId,
        labels.channelLabelId,
        labelId,
      ]),
    };
  }

  /**
   * Labels a team; what its channels' followers may still receive live is decided again at once
   * (a stricter label closes a channel in a public place).
   */
  async setTeamLabel(
    scope: Scope,
    team: TeamRow,
    labelId: string | null,
    callerRole: string | null,
  ) {
    const labelled = await teams.setTeamLabel(this.deps, scope, team, labelId, callerRole);
    this.feed.onLabelChange(team.tenantId);
    return labelled;
  }

  teamMembers(scope: Scope, teamId: string) {
    return teams.teamMembers(this.deps, scope, teamId);
  }

  putTeamMember(
    scope: Scope,
    team: TeamRow,
    member: { userId: string; tenantRole: string },
    role: "owner" | "member",
    action?: string,
  ) {
    return teams.putMember(this.deps, scope, team, member, role, action);
  }

  removeTeamMember(scope: Scope, team: TeamRow, userId: string) {
    return teams.removeMember(this.deps, scope, team, userId);
  }

  listChats(scope: Scope, userId: string) {
    return chats.listChats(this.deps, scope, userId);
  }

  createChat(scope: Scope, creator: { id: string; role: string }, input: CreateChatRequest) {
    return chats.createChat(this.deps, scope, creator, input);
  }

  renameChat(scope: Scope, chat: ChannelRow, callerId: string, topic: string) {
    return chats.renameChat(this.deps, scope, chat, callerId, topic);
  }

  /** People the asker may start a chat with (a guest: only people of their teams). */
  searchPeople(scope: Scope, asker: { id: string; role: string }, query: string, limit?: number) {
    return searchPeople(this.deps, scope, asker, query, limit);
  }

  listChannels(scope: Scope, teamId: string, userId: string) {
    return channels.listChannels(this.deps, scope, teamId, userId);
  }

  createChannel(scope: Scope, team: TeamRow, userId: string, input: CreateChannelRequest) {
    return channels.createChannel(this.deps, scope, team, userId, input);
  }

  addChannelMember(
    scope: Scope,
    channel: ChannelRow,
    caller: { id: string; role: string },
    userId: string,
  ) {
    return channels.addChannelMember(this.deps, scope, channel, caller, userId);
  }

  removeChannelMember(scope: Scope, channel: ChannelRow, userId: string) {
    return channels.removeChannelMember(this.deps, scope, channel, userId);
  }

  async markRead(scope: Scope, channel: ChannelRow, userId: string, seq: number) {
    const last = await this.store.channelLastSeq(scope, channel.id);
    await this.store.markRead(scope, channel.id, userId, Math.min(seq, last));
  }

  postMessage(
    scope: Scope,
    channel: ChannelRow,
    author: { id: string; displayName: string },
    input: PostMessageRequest,
  ) {
    return messages.postMessage(this.deps, scope, channel, author, input);
  }

  listMessages(scope: Scope, channel: ChannelRow, query: MessageQuery) {
    return messages.listMessages(this.deps, scope, channel, query);
  }

  async editMessage(scope: Scope, message: MessageWithAuthor, input: EditMessageRequest) {
    const channel = (await this.store.channelAccess(scope, message.channelId, message.authorId))
      ?.channel;
    if (!channel) throw new Error(`channel ${message.channelId} of message ${message.id} vanished`);
    return messages.editMessage(this.deps, scope, channel, message, input);
  }

  /** Adds (`on`) or takes back one person's reaction to a message. */
  react(scope: Scope, message: MessageWithAuthor, userId: string, reaction: Reaction, on: boolean) {
    return setReaction(this.deps, scope, message, userId, reaction, on);
  }

  /** Pins (`on`) or unpins a message for everyone in its channel. */
  pin(scope: Scope, message: MessageWithAuthor, userId: string, on: boolean) {
    return setPin(this.deps, scope, message, userId, on);
  }

  /** The channel's pinned messages, newest pin first. */
  pins(scope: Scope, channel: ChannelRow) {
    return listPins(this.deps, scope, channel);
  }

  deleteMessage(scope: Scope, message: MessageWithAuthor) {
    return messages.deleteMessage(this.deps, scope, message);
  }

  uploadFile(
    scope: Scope,
    channel: ChannelRow,
    uploader: { id: string; displayName: string },
    input: { name: string; body: Readable; declaredLength: number | null },
  ) {
    return files.uploadFile(this.deps, scope, channel, uploader, input);
  }

  /**
   * The channel's files, with those the person's session may see but not download now (decided
   * by the same engine as the download itself, so the client offers no link that would fail).
   */
  async listFiles(scope: Scope, channel: ChannelRow, principal: UserPrincipal) {
    const list = await files.listFiles(this.deps, scope, channel);
    const row = await this.store.channelAccess(scope, channel.id, principal.user.id);
    if (!row) return { ...list, viewOnly: { channel: true, files: list.files.map((f) => f.id) } };
    const mayDownload = async (fileLabelId: string | null) => {
      const request: AccessRequest = {
        subject: subjectOf(principal),
        action: "file.download",
        target: await channelTarget(row, this.strongestLabel, scope, fileLabelId),
      };
      return (
        this.access.decide(request).allowed &&
        (await this.conditions(principal, request, currentRequest()))
      );
    };
    // Files without a label of their own are decided as the channel: once for all of them.
    const channelAllowed = await mayDownload(null);
    const refused: string[] = [];
    for (const file of list.files)
      if (file.labelId === null ? !channelAllowed : !(await mayDownload(file.labelId)))
        refused.push(file.id);
    return { ...list, viewOnly: { channel: !channelAllowed, files: refused } };
  }

  deleteFile(scope: Scope, file: FileRow, deletedBy: string) {
    return deleteFile(this.deps, scope, file, deletedBy);
  }

  fileDetail(scope: Scope, file: FileRow) {
    return files.fileDetail(this.deps, scope, file);
  }

  openFile(
    scope: Scope,
    file: FileRow,
    version: number | undefined,
    part: "content" | "thumbnail",
  ) {
    return files.openFile(this.deps, scope, file, version, part);
  }

  /** Searches what the person may read; each channel is re-decided by the policy. */
  search(scope: Scope, principal: UserPrincipal, query: string, limit: number) {
    return searchMessages(this.deps, scope, principal.user.id, query, limit, (channelId) =>
      this.mayReadChannel(principal, channelId),
    );
  }

  /** Who can read a channel (whom its messages may mention). */
  async channelMembers(scope: Scope, channel: ChannelRow) {
    const readers = await this.deps.notificationStore.channelReaders(scope, channel);
    return readers.map((r) => ({
      userId: r.userId,
      displayName: r.displayName,
      guest: r.tenantRole === "guest",
    }));
  }

  /** The person's Activity feed (mentions), limited to channels they may read now. */
  listNotifications(scope: Scope, principal: UserPrincipal) {
    return activity.listNotifications(this.deps, scope, principal.user.id, (channelId) =>
      this.mayReadChannel(principal, channelId),
    );
  }

  markNotificationsRead(scope: Scope, userId: string, ids: readonly string[] | null) {
    return this.deps.notificationStore.markRead(scope, userId, ids, this.deps.clock.now());
  }

  /**
   * The role part of this person posting in a channel or chat now — the policy engine on their
   * relation to it, read afresh, as the post route asks — for work elsewhere that posts as them
   * (a meeting's announcement). A channel they cannot see, or may not post in, is `not_found`, as
   * the post route answers (it does not tell that the channel exists). The caller asks
   * conditional access with the request given back.
   */
  async postingRequest(
    principal: UserPrincipal,
    channelId: string,
  ): Promise<{ channel: ChannelRow; request: AccessRequest }> {
    const scope = scopeOf(principal);
    const row = await this.store.channelAccess(scope, channelId, principal.user.id);
    if (!row) throw new AppError("not_found", "Not found.");
    const request: AccessRequest = {
      subject: subjectOf(principal),
      action: "channel.message.post",
      target: await channelTarget(row, this.strongestLabel, scope),
    };
    if (!this.access.decide(request).allowed) throw new AppError("not_found", "Not found.");
    return { channel: row.channel, request };
  }

  /**
   * Whether someone is in a channel or chat now: the relation its policy reads (`callerAccess`:
   * a standard channel's team, a private channel's or a chat's own members).
   */
  async isChannelMember(scope: Scope, channelId: string, userId: string): Promise<boolean> {
    const row = await this.store.channelAccess(scope, channelId, userId);
    return row !== undefined && accessOf(row) !== "none";
  }

  /** The policy's answer, now, to this person reading this channel (their relation read afresh). */
  /** `info`: where the request comes from (a WebSocket delivery passes its connection's). */
  private async mayReadChannel(
    principal: UserPrincipal,
    channelId: string,
    info: RequestInfo = currentRequest(),
  ): Promise<boolean> {
    const scope = scopeFor({ type: "system", reason: "channel access check" }, principal.tenant.id);
    const row = await this.store.channelAccess(scope, channelId, principal.user.id);
    if (!row) return false;
    const request: AccessRequest = {
      subject: subjectOf(principal),
      action: "channel.read",
      target: await channelTarget(row, this.strongestLabel, scope),
    };
    return this.access.decide(request).allowed && (await this.conditions(principal, request, info));
  }
}

/**
 * Whether conditional access lets this person make this (role-allowed) request now, from where
 * the request (or the WebSocket delivering to them) comes.
 */
export type ConditionsCheck = (
  principal: UserPrincipal,
  request: AccessRequest,
  info: RequestInfo,
) => Promise<boolean>;
