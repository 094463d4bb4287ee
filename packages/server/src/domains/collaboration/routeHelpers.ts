import { AppError } from "../../platform/errors.ts";
import type { Principal } from "../identity/index.ts";

/** The signed-in user a collaboration handler acts for (the policies admit only users). */
export function userOf(principal: Principal) {
  if (principal.kind !== "user")
    throw new AppError("forbidden", "You do not have permission to do this.");
  return principal.user;
}

/** A resource the loader found; a stand-in (null) was denied before the handler, so this is 404. */
export function found<T>(value: T | null): T {
  if (value === null) throw new AppError("not_found", "Not found.");
  return value;
}

/** The signed-in user's principal (tenant and session with the user), for decisions made again. */
export function userPrincipalOf(principal: Principal): Extract<Principal, { kind: "user" }> {
  if (principal.kind !== "user")
    throw new AppError("forbidden", "You do not have permission to do this.");
  return principal;
}
