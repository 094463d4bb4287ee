import type { Clock } from "../../../platform/clock.ts";
import type { Database } from "../../../platform/db/database.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import type { Keyring } from "../../keys/index.ts";
import type { AccessChange, MessageChange } from "../events.ts";
import type { FileBlobs } from "../fileBlobs.ts";
import type { FileStore } from "../fileStore.ts";
import type { NotificationRow, NotificationStore } from "../notificationStore.ts";
import type { PinStore } from "../pinStore.ts";
import type { PeopleStore } from "../peopleStore.ts";
import type { ReactionStore } from "../reactionStore.ts";
import type { SearchIndex } from "../searchIndex.ts";
import type { SearchStore } from "../searchStore.ts";
import type { CollaborationStore } from "../store.ts";

/** What the collaboration commands work with. */
export interface CollaborationDeps {
  database: Database;
  store: CollaborationStore;
  searchStore: SearchStore;
  notificationStore: NotificationStore;
  reactionStore: ReactionStore;
  pinStore: PinStore;
  peopleStore: PeopleStore;
  search: SearchIndex;
  keyring: Keyring;
  audit: AuditLog;
  clock: Clock;
  fileStore: FileStore;
  blobs: FileBlobs;
  /** The tenant's upload limit in bytes (tenant setting `fileMaxMegabytes`). */
  fileMaxBytes: (scope: Scope) => Promise<number>;
  /** Tells the real-time side, after the change committed. */
  announceMessage: (change: MessageChange) => void;
  announceAccess: (change: AccessChange) => void;
  /** These people's teams or channels changed (e.g. a new channel in their team): lists re-read. */
  announceDirectory: (tenantId: string, userIds: readonly string[]) => void;
  /** A public team was made: everyone who may join it (not guests) re-reads their lists. */
  announcePublicTeam: (tenantId: string) => void;
  /** New Activity entries, to push to their owners' open connections. */
  announceNotifications: (tenantId: string, rows: NotificationRow[]) => void;
  /** A chat was started: tell its other members' open connections (their list changed). */
  announceChat: (tenantId: string, chatId: string, userIds: string[]) => void;
}
