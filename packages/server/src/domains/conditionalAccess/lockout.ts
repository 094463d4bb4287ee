import type { CaPolicyInput } from "@engawa/shared";
import { inSet } from "./evaluate.ts";

/**
 * The lock-out guard (zero-trust-anchors.md §8.1; Entra's advice to exclude emergency access
 * accounts from every policy): a policy that is on and blocks the admin pages or signing in must
 * leave at least one active administrator out of its assignments. Conditions are ignored on purpose — "block
 * outside Japan" locks every admin out the day they travel. Returns why it refuses, or null.
 */
export function lockoutProblem(
  policy: CaPolicyInput,
  administrators: { id: string; role: string }[],
): string | null {
  if (policy.state !== "on" || !policy.grant.block) return null;
  // The admin pages, or chat: a sign-in is decided as chat's first page, so blocking chat blocks
  // signing in at all.
  if (policy.apps !== "all" && !policy.apps.includes("admin") && !policy.apps.includes("chat"))
    return null;
  if (administrators.length === 0) return null;
  const blocked = administrators.filter(
    (a) =>
      inSet(policy.include, { userId: a.id, role: a.role }) &&
      !inSet(policy.exclude, { userId: a.id, role: a.role }),
  );
  if (blocked.length < administrators.length) return null;
  return (
    `This policy would block all ${administrators.length} administrators from signing in or from the admin pages. ` +
    "Exclude at least one emergency access account (an administrator marked as break-glass), " +
    "or set the policy to report-only first."
  );
}
