import { AppError } from "../../../platform/errors.ts";

/**
 * The filters Engawa answers (RFC 7644 §3.4.2.2): one `attribute eq "string"` comparison, the form
 * identity providers use to look a resource up before creating it. Attribute names are
 * case-insensitive (RFC 7643 §2.1) and may carry the core schema URN. Anything else — other
 * operators, `and`/`or`, unknown attributes — is refused with `invalidFilter` rather than
 * answered wrongly.
 */
export interface EqualityFilter {
  attribute: string;
  value: string;
}

const FILTER = /^\s*([A-Za-z][\w.:-]*)\s+[Ee][Qq]\s+("(?:[^"\\]|\\.)*")\s*$/;

export function parseFilter(
  filter: string | undefined,
  allowed: Record<string, string>,
  schemaUrn: string,
): EqualityFilter | null {
  if (filter === undefined || filter.trim() === "") return null;
  const match = FILTER.exec(filter);
  if (!match) throw invalidFilter(`Only 'attribute eq "value"' filters are supported.`);
  let name = (match[1] as string).toLowerCase();
  const prefix = `${schemaUrn.toLowerCase()}:`;
  if (name.startsWith(prefix)) name = name.slice(prefix.length);
  const attribute = allowed[name];
  if (!attribute) throw invalidFilter(`Filtering on "${match[1] as string}" is not supported.`);
  let value: unknown;
  try {
    value = JSON.parse(match[2] as string);
  } catch {
    throw invalidFilter("The filter's value is not a valid string.");
  }
  return { attribute, value: value as string };
}

function invalidFilter(message: string): AppError {
  return new AppError("invalid_filter", message, { field: "filter" });
}

/** RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative count means 0; capped at `max`. */
export function pageOf(
  query: { startIndex?: number; count?: number },
  max: number,
): { startIndex: number; offset: number; limit: number } {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const limit = Math.min(max, Math.max(0, query.count ?? max));
  return { startIndex, offset: startIndex - 1, limit };
}
