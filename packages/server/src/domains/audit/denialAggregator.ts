import type { Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AuditEntry } from "./auditLog.ts";

type Append = (scope: Scope, entry: AuditEntry) => Promise<unknown>;

interface Window {
  scope: Scope;
  entry: AuditEntry;
  startedAt: Date;
  repeats: number;
}

const MAX_KEYS = 10_000;

/**
 * Floods of identical denials (a scanner hitting the same route from one address, a signed-in user
 * repeating a forbidden request) are counted rather than chained one by one (ARCHITECTURE.md, Audit
 * chain): the first denial of a kind — same actor, action, address and reason — is appended at
 * once; repeats within the window become one event with `count` = repeats, appended when the
 * window closes. Nothing is lost; the log just cannot be flooded.
 */
export class DenialAggregator {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;

  private readonly append: Append;
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    append: Append,
    clock: Clock,
    windowMs = 60_000,
    onError: (error: unknown) => void = () => {},
  ) {
    this.append = append;
    this.clock = clock;
    this.windowMs = windowMs;
    this.onError = onError;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(false), Math.min(this.windowMs, 10_000));
    this.timer.unref();
  }

  /** Records a denial; resolves once it is appended or counted. */
  async record(
    scope: Scope,
    entry: AuditEntry & { request: RequestInfo },
    reason: string,
  ): Promise<void> {
    const key = [
      scope.tenantId ?? "-",
      actorKey(scope),
      entry.action,
      entry.request.ip ?? "-",
      reason,
    ].join("|");
    const window = this.windows.get(key);
    if (window) {
      window.repeats += 1;
      return;
    }
    if (this.windows.size >= MAX_KEYS) await this.flush(true);
    this.windows.set(key, { scope, entry, startedAt: this.clock.now(), repeats: 0 });
    await this.append(scope, entry);
  }

  /** Appends the counts of closed windows (all windows when `all`, e.g. at shutdown). */
  async flush(all: boolean): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [key, window] of this.windows) {
      if (!all && now - window.startedAt.getTime() < this.windowMs) continue;
      this.windows.delete(key);
      if (window.repeats === 0) continue;
      try {
        await this.append(window.scope, {
          ...window.entry,
          count: window.repeats,
          details: {
            ...window.entry.details,
            repeated: true,
            windowStart: window.startedAt.toISOString(),
            windowEnd: new Date(now).toISOString(),
          },
        });
      } catch (error) {
        this.onError(error);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush(true);
  }
}

function actorKey(scope: Scope): string {
  const actor = scope.actor;
  switch (actor.type) {
    case "user":
    case "operator":
    case "scim_client":
      return `${actor.type}:${actor.id}`;
    case "local_admin":
      return `local_admin:${actor.label}`;
    case "system":
      return `system:${actor.reason}`;
    case "anonymous":
      return "anonymous";
  }
}
