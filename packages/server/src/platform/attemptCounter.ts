import type { Clock } from "./clock.ts";

/**
 * Counts events per key in a sliding window and says how long until the key may try again.
 * In memory, per process; a later issue moves the counters to Redis for several nodes.
 */
export class AttemptCounter {
  private readonly events = new Map<string, number[]>();
  private sweeps = 0;

  private readonly clock: Clock;
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(clock: Clock, limit: number, windowMs: number) {
    this.clock = clock;
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Seconds until `key` is below the limit again; 0 when it may proceed now. */
  retryAfterSeconds(key: string): number {
    const times = this.live(key);
    if (times.length < this.limit) return 0;
    const oldestThatCounts = times[times.length - this.limit] ?? 0;
    const waitMs = oldestThatCounts + this.windowMs - this.clock.now().getTime();
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  record(key: string): void {
    const times = this.live(key);
    times.push(this.clock.now().getTime());
    this.events.set(key, times);
    if (++this.sweeps % 1000 === 0) this.sweep();
  }

  /** Takes back the most recent event of `key` (an attempt reserved in advance that succeeded). */
  refund(key: string): void {
    const times = this.live(key);
    times.pop();
    if (times.length === 0) this.events.delete(key);
    else this.events.set(key, times);
  }

  reset(key: string): void {
    this.events.delete(key);
  }

  private live(key: string): number[] {
    const cutoff = this.clock.now().getTime() - this.windowMs;
    return (this.events.get(key) ?? []).filter((t) => t > cutoff);
  }

  private sweep(): void {
    for (const key of [...this.events.keys()]) {
      if (this.live(key).length === 0) this.events.delete(key);
    }
  }
}
