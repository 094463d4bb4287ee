import type { Notification } from "@engawa/shared";
import type { ConnectionView } from "../../gateway/defineMessage.ts";
import { scopeFor } from "../../platform/scope.ts";
import type { Subscribers } from "./channelFeed.ts";
import type { NotificationRow } from "./notificationStore.ts";

/** A person's own Activity topic: only their connections subscribe to it. */
export const activityTopic = (userId: string) => `activity:${userId}`;

interface NotificationFeedDeps {
  hub: () => Subscribers;
  present: (
    scope: ReturnType<typeof scopeFor>,
    userId: string,
    ids: readonly string[],
  ) => Promise<Notification[]>;
  /** The policy's answer, for this connection's principal now, to reading the channel. */
  mayRead: (connection: ConnectionView, channelId: string) => Promise<boolean>;
}

/**
 * Pushes new Activity entries (mentions) to their owners' open connections that follow their
 * Activity. Each push is decided for the connection's principal at delivery time, like a channel
 * message: someone removed from the channel between the post and the push hears nothing.
 */
export class NotificationFeed {
  private readonly deps: NotificationFeedDeps;

  constructor(deps: NotificationFeedDeps) {
    this.deps = deps;
  }

  follow(connection: ConnectionView): { topic: string } {
    const topic = activityTopic(connection.principal.user.id);
    connection.subscribe(topic);
    return { topic };
  }

  /** Entries were written (after their transaction committed). */
  async push(tenantId: string, rows: readonly NotificationRow[]): Promise<void> {
    const scope = scopeFor({ type: "system", reason: "activity delivery" }, tenantId);
    for (const row of rows) {
      const connections = this.deps.hub().subscribers(tenantId, activityTopic(row.userId));
      if (connections.length === 0) continue;
      const [notification] = await this.deps.present(scope, row.userId, [row.id]);
      if (!notification) continue;
      for (const connection of connections) {
        if (connection.principal.user.id !== row.userId) continue;
        if (!(await this.deps.mayRead(connection, row.channelId))) continue;
        connection.send({ event: "notification.created", payload: { notification } });
      }
    }
  }

  /**
   * A chat was started with these people (after commit): their connections that follow their
   * Activity hear `chat.added` and re-read their chat list. Decided like a message of the chat,
   * for each connection's principal now.
   */
  async pushChat(tenantId: string, chatId: string, userIds: readonly string[]): Promise<void> {
    for (const userId of userIds)
      for (const connection of this.deps.hub().subscribers(tenantId, activityTopic(userId))) {
        if (connection.principal.user.id !== userId) continue;
        if (!(await this.deps.mayRead(connection, chatId))) continue;
        connection.send({ event: "chat.added", payload: { chatId } });
      }
  }
}
