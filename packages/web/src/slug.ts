/** The organisation ID rule, the same pattern as the server's `Slug` schema. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;

/**
 * Suggests an organisation ID from a name written in ASCII ("Sakura Clinic" → "sakura-clinic").
 * Returns null for names in other scripts: a Japanese name has no obvious romanisation, so the
 * person types the ID themselves.
 */
export function suggestSlug(name: string): string | null {
  if (!/^[\x20-\x7e]*$/.test(name)) return null;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return slug;
}
