import type { ScimPatchRequest } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import {
  booleanValue,
  emailValue,
  ENTERPRISE_URN,
  GROUP_URN_PREFIX,
  invalidValue,
  isUuid,
  memberIds,
  nameValue,
  optionalText,
  USER_URN_PREFIX,
} from "./values.ts";

/**
 * RFC 7644 §3.5.2 PATCH, reduced to what Engawa keeps. Every operation is checked before anything
 * is written, and the caller applies the result in one transaction, so a request with one bad
 * operation changes nothing.
 */
type Operation = ScimPatchRequest["Operations"][number];

/** Core User attributes Engawa accepts and does not keep (so a provider's PATCH does not fail). */
const IGNORED_USER_ATTRIBUTES = new Set([
  "externalid",
  "emails",
  "phonenumbers",
  "nickname",
  "title",
  "locale",
  "timezone",
  "preferredlanguage",
  "usertype",
  "profileurl",
  "addresses",
  "photos",
  "ims",
  "roles",
  "entitlements",
  "x509certificates",
]);

export interface UserPatch {
  email?: string;
  displayName?: string;
  active?: boolean;
}

const invalidPath = (path: string): AppError =>
  new AppError("invalid_path", `The path "${path}" is not supported.`, { field: "path" });

function normalisedPath(path: string, urnPrefix: string): string {
  const lower = path.toLowerCase();
  return lower.startsWith(urnPrefix) ? lower.slice(urnPrefix.length) : lower;
}

/** `{op:"replace", value:{active:false}}` and `{op:"replace", path:"active", value:false}` alike. */
export function userPatch(operations: Operation[]): UserPatch {
  const out: UserPatch = {};
  const name: { formatted?: string; given?: string; family?: string } = {};
  const apply = (op: string, path: string, value: unknown): void => {
    const p = normalisedPath(path, USER_URN_PREFIX);
    if (p.startsWith(ENTERPRISE_URN)) return;
    const head = p.split(/[.[]/)[0] as string;
    if (IGNORED_USER_ATTRIBUTES.has(head)) return;
    if (op === "remove") {
      if (head === "name") return;
      if (["active", "username", "displayname"].includes(head))
        throw invalidValue(path, "is required and cannot be removed");
      throw invalidPath(path);
    }
    switch (p) {
      case "active":
        out.active = booleanValue("active", value);
        return;
      case "username":
        out.email = emailValue("userName", value);
        return;
      case "displayname":
        out.displayName = nameValue("displayName", value);
        return;
      case "name":
        if (value === null || typeof value !== "object" || Array.isArray(value))
          throw invalidValue("name", "must be an object");
        for (const [key, child] of Object.entries(value)) apply(op, `name.${key}`, child);
        return;
      case "name.formatted":
        name.formatted = nameValue("name.formatted", value);
        return;
      case "name.givenname":
        name.given = nameValue("name.givenName", value);
        return;
      case "name.familyname":
        name.family = nameValue("name.familyName", value);
        return;
      default:
        if (head === "name") return;
        throw invalidPath(path);
    }
  };
  for (const operation of operations) {
    const op = operation.op.toLowerCase();
    if (operation.path !== undefined) {
      apply(op, operation.path, operation.value);
      continue;
    }
    if (op === "remove") throw invalidPath("(none)");
    const value = operation.value;
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw invalidValue("value", "must be an object of attributes when there is no path");
    for (const [key, child] of Object.entries(value)) apply(op, key, child);
  }
  if (out.displayName === undefined) {
    const composed = name.formatted ?? [name.given, name.family].filter(Boolean).join(" ");
    if (composed) out.displayName = nameValue("name", composed);
  }
  return out;
}

/** One change to a group, in the order the client sent it. */
export type GroupStep =
  | { kind: "displayName"; value: string }
  | { kind: "externalId"; value: string | null }
  | { kind: "add"; userIds: string[] }
  | { kind: "remove"; userIds: string[] | null }
  | { kind: "replaceMembers"; userIds: string[] };

const MEMBER_FILTER = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/;

export function groupPatch(operations: Operation[]): GroupStep[] {
  const steps: GroupStep[] = [];
  const apply = (op: string, path: string, value: unknown): void => {
    const p = normalisedPath(path, GROUP_URN_PREFIX);
    const filtered = MEMBER_FILTER.exec(p);
    if (filtered) {
      const id = filtered[1] as string;
      if (op !== "remove") throw invalidPath(path);
      if (!isUuid(id)) throw invalidValue(path, "is not a user's id");
      steps.push({ kind: "remove", userIds: [id] });
      return;
    }
    switch (p) {
      case "members":
        if (op === "remove")
          steps.push({
            kind: "remove",
            userIds: value === undefined ? null : memberIds("members", value),
          });
        else if (op === "add") steps.push({ kind: "add", userIds: memberIds("members", value) });
        else steps.push({ kind: "replaceMembers", userIds: memberIds("members", value) });
        return;
      case "displayname":
        if (op === "remove") throw invalidValue(path, "is required and cannot be removed");
        steps.push({ kind: "displayName", value: nameValue("displayName", value) });
        return;
      case "externalid":
        steps.push({
          kind: "externalId",
          value: op === "remove" ? null : optionalText("externalId", value),
        });
        return;
      default:
        throw invalidPath(path);
    }
  };
  for (const operation of operations) {
    const op = operation.op.toLowerCase();
    if (operation.path !== undefined) {
      apply(op, operation.path, operation.value);
      continue;
    }
    if (op === "remove") throw invalidPath("(none)");
    const value = operation.value;
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw invalidValue("value", "must be an object of attributes when there is no path");
    for (const [key, child] of Object.entries(value)) apply(op, key, child);
  }
  return steps;
}
