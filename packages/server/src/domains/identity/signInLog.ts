import type { AuditEvent, SignInLogEntry, SignInLogQuery } from "@engawa/shared";
import type { Scope } from "../../platform/scope.ts";
import { csvCell, type AuditLog } from "../audit/index.ts";
import { IDENTITY_EVENTS } from "./events.ts";
import { coarsePlaceOf } from "../../platform/geo/geoIp.ts";
import { describeUserAgent } from "./userAgent.ts";

const EVENTS: Record<string, SignInLogEntry["event"]> = {
  [IDENTITY_EVENTS.signIn]: "sign_in",
  [IDENTITY_EVENTS.secondFactor]: "second_factor",
  [IDENTITY_EVENTS.recoveryCodeUsed]: "recovery_code",
  [IDENTITY_EVENTS.passwordSpray]: "password_spray",
  [IDENTITY_EVENTS.atRisk]: "account_at_risk",
};

/** Every sign-in event is an `auth.*` event of the tenant's audit chain. */
const AUTH_PREFIX = "auth.";

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * The sign-in log (who signed in when, how, from where, and every failure with its reason): a
 * reading of the tenant's hash-chained audit log, so it is as tamper-evident as the log itself
 * (MHLW 6.0 シス17: access records kept and checkable).
 */
export async function toSignInEntry(event: AuditEvent): Promise<SignInLogEntry | null> {
  const kind = EVENTS[event.action];
  if (!kind) return null;
  const userId =
    event.actor.type === "user"
      ? event.actor.id
      : event.target?.type === "user"
        ? event.target.id
        : null;
  const details = event.details;
  return {
    id: event.id,
    seq: event.seq,
    at: event.occurredAt,
    event: kind,
    result: event.outcome === "allow" ? "success" : "failure",
    userId,
    email: text(details.email) ?? (event.actor.type === "user" ? event.actor.label : null),
    method: text(details.method) ?? (kind === "sign_in" ? "password" : null),
    stage: text(details.stage),
    reason: text(details.reason),
    ip: event.ip,
    // Worked out from the recorded address when read, so no location is stored beside it.
    place: await coarsePlaceOf(event.ip),
    ...describeUserAgent(event.userAgent),
    count: event.count,
  };
}

export async function signInLog(
  audit: AuditLog,
  scope: Scope,
  query: SignInLogQuery,
): Promise<{ entries: SignInLogEntry[]; nextBefore: number | null }> {
  const page = await audit.list(scope, {
    action: AUTH_PREFIX,
    ...(query.result ? { outcome: query.result === "success" ? "allow" : "deny" } : {}),
    ...(query.userId ? { involving: query.userId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.before ? { before: query.before } : {}),
    limit: query.limit ?? 50,
  });
  return {
    entries: (await Promise.all(page.events.map(toSignInEntry))).filter(
      (e): e is SignInLogEntry => e !== null,
    ),
    nextBefore: page.nextBefore,
  };
}

/** Every matching entry, oldest first, for export. */
export async function* signInLogEntries(
  audit: AuditLog,
  scope: Scope,
  query: Pick<SignInLogQuery, "result" | "from" | "to">,
): AsyncGenerator<SignInLogEntry> {
  const events = audit.iterate(scope, {
    action: AUTH_PREFIX,
    ...(query.result ? { outcome: query.result === "success" ? "allow" : "deny" } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  });
  for await (const event of events) {
    const entry = await toSignInEntry(event);
    if (entry) yield entry;
  }
}

const COLUMNS = [
  "at",
  "event",
  "result",
  "email",
  "userId",
  "method",
  "stage",
  "reason",
  "ip",
  "country",
  "region",
  "browser",
  "os",
  "count",
  "seq",
] as const;

export function signInCsvHeader(): string {
  return `${COLUMNS.join(",")}\r\n`;
}

export function signInCsvRow(entry: SignInLogEntry): string {
  const row = {
    ...entry,
    country: entry.place?.country ?? null,
    region: entry.place?.region ?? null,
  };
  return `${COLUMNS.map((c) => csvCell(row[c])).join(",")}\r\n`;
}
