import { PASSWORD_RULES, type ChangePasswordRequest } from "@engawa/shared";
import type { RequestInfo } from "../../../platform/context.ts";
import { hashPassword, verifyPassword } from "../../../platform/crypto/passwords.ts";
import { readableCode } from "../../../platform/crypto/tokens.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { checkNewPassword } from "../passwordPolicy.ts";
import { scopeOf } from "../principal.ts";
import type { RiskGate } from "../riskGate.ts";
import type { SignInThrottle } from "../signInThrottle.ts";
import type { UserRow } from "../store.ts";
import { completeSignIn, securityOf } from "./secondFactor.ts";
import type { SignedIn } from "./signIn.ts";
import type { MfaDeps, UserPrincipal } from "./mfaDeps.ts";

export interface PasswordDeps extends MfaDeps {
  throttle: SignInThrottle;
  risk: () => RiskGate;
}

/**
 * A user changes their own password with the current one. The new one meets the tenant's rules
 * and is none of the recent ones (MHLW checklist 2025 2-10); the user's other sessions end (the
 * old password may be what someone else used). At the `password_change` step of a sign-in, the
 * sign-in then moves on.
 */
export async function changePassword(
  deps: PasswordDeps,
  principal: UserPrincipal,
  input: ChangePasswordRequest,
  request: RequestInfo,
): Promise<SignedIn | null> {
  const scope = scopeOf(principal);
  const found = await deps.store.userById(principal.user.id);
  if (!found?.user.passwordHash)
    throw new AppError("invalid_state", "This account has no password to change.");
  const { user, tenant } = found;
  const accountKey = `password-change|${user.id}`;
  deps.throttle.check(accountKey, request.ip);
  if (!(await verifyPassword(user.passwordHash ?? "", input.currentPassword.normalize("NFKC")))) {
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.passwordChanged,
      outcome: "deny",
      request,
      target: { type: "user", id: user.id },
      details: { reason: "wrong_current_password" },
    });
    throw new AppError("wrong_current_password", "The current password is not correct.", {
      field: "currentPassword",
    });
  }
  deps.throttle.succeeded(accountKey, request.ip);
  const rules = (await securityOf(deps, principal)).passwordRules;
  const password = await checkNewPassword(
    input.newPassword,
    rules,
    [tenant.name, tenant.slug, user.displayName, user.email],
    "newPassword",
  );
  const recent = [user.passwordHash ?? "", ...(await deps.store.passwordHistory(scope, user.id))];
  for (const old of recent.slice(0, PASSWORD_RULES.historySize)) {
    if (await verifyPassword(old, password)) {
      throw new AppError("password_reused", "Choose a password you have not used recently.", {
        field: "newPassword",
      });
    }
  }
  const passwordHash = await hashPassword(password);
  return deps.database.transaction(async () => {
    const now = deps.clock.now();
    await deps.store.rememberPassword(
      scope,
      user.id,
      user.passwordHash ?? "",
      now,
      PASSWORD_RULES.historySize,
    );
    await deps.store.updateUser(scope, user.id, {
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: false,
      updatedAt: now,
    });
    const others = (await deps.store.openSessionsOf(scope, user.id, now))
      .map((s) => s.id)
      .filter((id) => id !== principal.session.id);
    const ended = await deps.store.endSessionsOf(scope, user.id, others, now, "password_changed");
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.passwordChanged,
      outcome: "allow",
      request,
      target: { type: "user", id: user.id },
      details: {
        required: principal.session.stage === "password_change",
        otherSessionsEnded: ended.length,
      },
    });
    // A change after a second factor (or with a passkey) proves the person is the account's
    // owner: it remediates their user risk (Entra ID Protection's self-remediation).
    const methods = principal.session.methods;
    if (methods.includes("+") || methods === "passkey")
      await deps.risk().remediated(tenant.id, user.id, request);
    return principal.session.stage === "password_change"
      ? completeSignIn(deps, principal, principal.session.methods)
      : null;
  });
}

/**
 * An admin gives a user a temporary password (a forgotten password; there is no e-mail here to
 * send a link with). It is shown once to the admin, works only until the user sets their own at
 * the next sign-in, and every session of the user ends now.
 */
export async function resetPassword(
  deps: PasswordDeps,
  scope: Scope,
  user: UserRow,
  request: RequestInfo,
): Promise<string> {
  if (user.status !== "active") {
    throw new AppError("invalid_state", "Only an active account's password can be reset.");
  }
  // Four groups of four readable symbols: about 79 bits.
  const temporary = readableCode(4, 4);
  const passwordHash = await hashPassword(temporary);
  await deps.database.transaction(async () => {
    const now = deps.clock.now();
    if (user.passwordHash) {
      await deps.store.rememberPassword(
        scope,
        user.id,
        user.passwordHash,
        now,
        PASSWORD_RULES.historySize,
      );
    }
    await deps.store.updateUser(scope, user.id, {
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: true,
      updatedAt: now,
    });
    const ended = await deps.store.endUserSessions(scope, user.id, now, "password_reset");
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.passwordReset,
      outcome: "allow",
      request,
      target: { type: "user", id: user.id },
      details: { sessionsEnded: ended.length },
    });
  });
  return temporary;
}
