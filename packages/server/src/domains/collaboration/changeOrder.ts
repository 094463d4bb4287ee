import type { MessageChange } from "./events.ts";

/** How long a change waits for the ones numbered before it before it is sent anyway. */
const HOLD_MS = 100;

interface ChannelOrder {
  /** The highest sequence number passed on. */
  passed: number;
  /** Changes that arrived before one numbered below them, by number. */
  held: Map<number, MessageChange>;
  timer: NodeJS.Timeout | null;
}

/**
 * Passes each channel's changes on in the order of their sequence numbers. Posts to a channel
 * commit in that order (the number is taken under the channel row's lock), but on PostgreSQL
 * their answers come back on different pooled connections and may be heard in another; every
 * follower of the channel would take such a gap for missed changes and read them from the database
 * (1,000 followers: 1,000 queries for one reordering). So a change that arrives ahead of its
 * predecessor waits for it — microseconds, usually — and is passed on right after it. If the
 * predecessor is not heard of within {@link HOLD_MS} (its announcement was lost), what waits is
 * passed on anyway, in order, and the followers fill the gap from the database as before: nothing
 * is lost either way.
 */
export class ChangeOrder {
  private readonly channels = new Map<string, ChannelOrder>();
  private readonly pass: (change: MessageChange) => void;
  private readonly holdMs: number;

  constructor(pass: (change: MessageChange) => void, holdMs = HOLD_MS) {
    this.pass = pass;
    this.holdMs = holdMs;
  }

  offer(change: MessageChange): void {
    const seq = change.message.seq;
    const channel = this.channels.get(change.channelId);
    if (!channel) {
      // The first change heard of since start: nothing to compare it with.
      this.channels.set(change.channelId, { passed: seq, held: new Map(), timer: null });
      this.pass(change);
      return;
    }
    if (seq > channel.passed + 1) {
      channel.held.set(seq, change);
      channel.timer ??= setTimeout(() => this.release(channel), this.holdMs).unref();
      return;
    }
    this.pass(change);
    channel.passed = Math.max(channel.passed, seq);
    for (let next = channel.held.get(channel.passed + 1); next;) {
      channel.held.delete(channel.passed + 1);
      this.pass(next);
      channel.passed += 1;
      next = channel.held.get(channel.passed + 1);
    }
    if (channel.held.size === 0 && channel.timer) {
      clearTimeout(channel.timer);
      channel.timer = null;
    }
  }

  /** The wait is over: what is held goes on, in order, gaps and all. */
  private release(channel: ChannelOrder): void {
    channel.timer = null;
    const held = [...channel.held.entries()].sort(([a], [b]) => a - b);
    channel.held.clear();
    for (const [seq, change] of held) {
      this.pass(change);
      channel.passed = Math.max(channel.passed, seq);
    }
  }
}
