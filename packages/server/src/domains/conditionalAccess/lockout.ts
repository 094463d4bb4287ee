import type { CaPolicyInput } from "@engawa/shared";
import { inSet } from "./evaluate.ts";

/**
 * The lock-out guard (zero-trust-anchors.md §8.1; Entra's advice to exclude emergency access
 * accounts from every policy): the policies that are on and block the admin pages or signing in
 * must, together, leave at least one active administrator out of their assignments. Taken
 * together because two policies that each spare a different administrator lock everyone out
 * between them. Conditions are ignored on purpose — "block outside Japan" locks every admin out
 * the day they travel. Returns why it refuses, or null.
 *
 * `policies`: the whole set as it would be after the change; `administrators`: the active owners
 * and admins as they would be after it; `changed`: the policy being saved, when that is the
 * change (left out when an administrator is disabled or demoted).
 */
export function lockoutProblem(
  policies: readonly CaPolicyInput[],
  administrators: { id: string; role: string; groups: readonly string[] }[],
  changed?: CaPolicyInput,
): string | null {
  if ((changed && !blocksSigningIn(changed)) || administrators.length === 0) return null;
  const blocking = policies.filter(blocksSigningIn);
  const blocks = (policy: CaPolicyInput, a: (typeof administrators)[number]) =>
    inSet(policy.include, { userId: a.id, role: a.role, groups: a.groups }) &&
    !inSet(policy.exclude, { userId: a.id, role: a.role, groups: a.groups });
  if (!administrators.every((a) => blocking.some((policy) => blocks(policy, a)))) return null;
  const advice =
    "Exclude at least one emergency access account (an administrator marked as break-glass) " +
    "from every blocking policy, or set the policy to report-only first.";
  if (!changed)
    return (
      `The blocking access policies ${blocking.map((p) => `"${p.name}"`).join(", ")} would then ` +
      `block every remaining administrator from signing in or from the admin pages. Exclude ` +
      "another administrator from them first (an emergency access account, marked as break-glass)."
    );
  if (administrators.every((a) => blocks(changed, a)))
    return (
      `This policy would block all ${administrators.length} administrators from signing in or ` +
      `from the admin pages. ${advice}`
    );
  const others = blocking.filter((p) => p !== changed).map((p) => `"${p.name}"`);
  return (
    `Together with ${others.join(", ")}, this policy would block all ${administrators.length} ` +
    `administrators from signing in or from the admin pages. ${advice}`
  );
}

/** On, and blocking the admin pages or chat (a sign-in is decided as chat's first page). */
function blocksSigningIn(policy: CaPolicyInput): boolean {
  if (policy.state !== "on" || !policy.grant.block) return false;
  return policy.apps === "all" || policy.apps.includes("admin") || policy.apps.includes("chat");
}
