/**
 * RFC 8785 JSON Canonicalization Scheme for the values the audit chain hashes: objects with keys
 * sorted by UTF-16 code units, no whitespace, strings escaped as ECMAScript's JSON.stringify does
 * (which RFC 8785 adopts), integers only (no floats reach the chain). The same bytes on PGlite and
 * PostgreSQL, whatever order columns come back in.
 */
export type CanonicalValue =
  string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === "boolean" || typeof value === "string")
    return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value))
      throw new Error("canonical JSON here accepts only safe integers");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = value[key];
    // An undefined member would be dropped here but stored as NULL: refuse it, or hashes drift.
    if (member === undefined) throw new Error(`canonical JSON: "${key}" is undefined`);
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(",")}}`;
}
