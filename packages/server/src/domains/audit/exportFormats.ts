import type { AuditEvent } from "@engawa/shared";

export const CSV_COLUMNS = [
  "seq",
  "occurredAt",
  "actorType",
  "actorId",
  "actorLabel",
  "action",
  "outcome",
  "targetType",
  "targetId",
  "ip",
  "userAgent",
  "requestId",
  "count",
  "details",
] as const;

/** One audit event as a JSON Lines record. */
export function jsonLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** One audit event as an RFC 4180 CSV row (CRLF), with spreadsheet formula injection defused. */
export function csvRow(event: AuditEvent): string {
  const cells = [
    event.seq,
    event.occurredAt,
    event.actor.type,
    event.actor.id,
    event.actor.label,
    event.action,
    event.outcome,
    event.target?.type ?? null,
    event.target?.id ?? null,
    event.ip,
    event.userAgent,
    event.requestId,
    event.count,
    JSON.stringify(event.details),
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\r\n`;
}

/**
 * Quotes every text cell; a cell that a spreadsheet would run as a formula (OWASP CSV Injection:
 * leading `=`, `+`, `-`, `@`, tab or CR) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${defused.replaceAll('"', '""')}"`;
}
