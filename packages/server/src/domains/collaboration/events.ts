import type { Message } from "@engawa/shared";

/**
 * Audit action names written by the collaboration domain (membership and structure changes, and
 * what changes a channel for everyone: deletions and pins).
 */
export const COLLABORATION_EVENTS = {
  teamCreated: "team.create",
  teamJoined: "team.join",
  teamUpdated: "team.update",
  teamLabelSet: "team.label.set",
  guestInvited: "team.guest.invite",
  teamMemberAdded: "team.member.add",
  teamMemberRemoved: "team.member.remove",
  channelCreated: "channel.create",
  channelLabelSet: "channel.label.set",
  chatCreated: "chat.create",
  chatUpdated: "chat.update",
  channelMemberAdded: "channel.member.add",
  channelMemberRemoved: "channel.member.remove",
  messageDeleted: "message.delete",
  messagePinned: "message.pin",
  messageUnpinned: "message.unpin",
  fileUploaded: "file.upload",
  fileDeleted: "file.delete",
  fileLabelSet: "file.label.set",
} as const;

/** A message was posted, edited or deleted; `message.seq` is the change's sequence number. */
export interface MessageChange {
  tenantId: string;
  channelId: string;
  message: Message;
}

/**
 * Who may read a channel changed (a person added to or removed from a team or private channel):
 * open connections re-decide their subscriptions to it at once.
 */
export interface AccessChange {
  tenantId: string;
  userId: string;
  /** The team whose channels are affected, or one private channel. */
  teamId: string | null;
  channelId: string | null;
}
