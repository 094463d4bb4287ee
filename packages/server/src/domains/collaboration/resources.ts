import type { Resolved } from "../../gateway/defineRoute.ts";
import type { Services } from "../../gateway/services.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor, type Scope } from "../../platform/scope.ts";
import type { Principal } from "../identity/index.ts";
import { settingsOf, type TenantRow } from "../tenancy/index.ts";
import type { FileRow } from "./fileStore.ts";
import type { ChannelAccessRow, ChannelRow, MessageWithAuthor, TeamRow } from "./store.ts";

/**
 * Resource loaders of teams, channels and messages. Each works out the asker's relation to the
 * resource (team role, channel access) for the policy; only a user of the tenant reads rows, and a
 * resource of another tenant — or none — is answered 404 alike. Anyone else (an operator) gets a
 * stand-in with no relation, which the policy denies.
 */
interface LoaderParts {
  principal: Principal;
  scope: Scope;
  services: Services;
}

const notFound = (): AppError => new AppError("not_found", "Not found.");

/** What the asker is to a channel: its owner or member, a guest of its team, or nothing. */
export function accessOf(row: ChannelAccessRow): string {
  if (row.channel.kind === "chat") return row.channelRole ?? "none";
  if (!row.teamRole) return "none";
  if (row.channel.kind === "standard") return row.teamRole;
  return row.channelRole ?? "none";
}

/**
 * The most sensitive of the labels content carries (installed from conditional access, which owns
 * the labels and their ranks): null when none.
 */
export type StrongestLabel = (
  scope: Scope,
  labelIds: readonly (string | null | undefined)[],
) => Promise<string | null>;

/**
 * A channel (or a file of it) as the policy sees it for one person. Its label is the most sensitive
 * of its team's, its own and the file's: content can be marked more sensitive than where it lives,
 * never less. One call, so the labels' ranks are read at most once.
 */
export async function channelTarget(
  row: ChannelAccessRow,
  strongestLabel: StrongestLabel,
  scope: Scope,
  /** For a file of the channel: its own label, which can only make it more sensitive. */
  fileLabelId: string | null = null,
) {
  return {
    kind: "Channel" as const,
    id: row.channel.id,
    tenantId: row.channel.tenantId,
    channelKind: row.channel.kind,
    callerAccess: accessOf(row),
    callerTeamRole: row.teamRole ?? "none",
    label:
      (await strongestLabel(scope, [row.teamLabelId, row.channel.labelId, fileLabelId])) ?? "none",
  };
}

/**
 * The tenant of the URL, and a scope in it for a user of that tenant (null for anyone else, who
 * then gets a stand-in resource; the tenant's id still names the chain their denial goes to).
 */
async function tenantScope(
  parts: LoaderParts,
  slug: string,
): Promise<{ scope: Scope | null; tenantId: string; tenant: TenantRow }> {
  const tenant = await parts.services.tenancy.store.bySlug(slug);
  if (!tenant) throw notFound();
  if (parts.principal.kind !== "user") return { scope: null, tenantId: tenant.id, tenant };
  if (parts.principal.tenant.id !== tenant.id) throw notFound();
  return { scope: scopeFor(parts.scope.actor, tenant.id), tenantId: tenant.id, tenant };
}

/**
 * tenantScope for loaders that need only the tenant's id: a user asking in their own organisation
 * needs no second read of it (the principal's tenant was read with the session in this request,
 * and found active). Anyone else takes tenantScope's path, so every answer is the same.
 */
async function tenantIdScope(
  parts: LoaderParts,
  slug: string,
): Promise<{ scope: Scope | null; tenantId: string }> {
  const principal = parts.principal;
  if (principal.kind === "user" && principal.tenant.slug === slug)
    return {
      scope: scopeFor(parts.scope.actor, principal.tenant.id),
      tenantId: principal.tenant.id,
    };
  const { scope, tenantId } = await tenantScope(parts, slug);
  return { scope, tenantId };
}

export async function teamOf(
  parts: LoaderParts,
  slug: string,
  teamId: string,
): Promise<Resolved<TeamRow | null>> {
  const { scope, tenantId, tenant } = await tenantScope(parts, slug);
  if (!scope || parts.principal.kind !== "user") {
    return {
      target: {
        kind: "Team",
        id: teamId,
        tenantId: "none",
        visibility: "none",
        callerRole: "none",
        guestsAllowed: "false",
        label: "none",
      },
      value: null,
      tenantId,
    };
  }
  const team = await parts.services.collaboration.store.team(scope, teamId);
  if (!team) throw notFound();
  const role = await parts.services.collaboration.store.teamRole(
    scope,
    teamId,
    parts.principal.user.id,
  );
  return {
    target: {
      kind: "Team",
      id: team.id,
      tenantId: team.tenantId,
      visibility: team.visibility,
      callerRole: role ?? "none",
      guestsAllowed: String(team.allowGuests && settingsOf(tenant).guestAccess !== false),
      label: team.labelId ?? "none",
    },
    value: team,
    tenantId: team.tenantId,
  };
}

/** A channel, loaded for a user id (HTTP: the caller; real-time: the connection's user). */
export async function channelFor(
  services: Services,
  scope: Scope,
  channelId: string,
  userId: string,
): Promise<Resolved<ChannelRow>> {
  const row = await services.collaboration.store.channelAccess(scope, channelId, userId);
  if (!row) throw notFound();
  return {
    target: await channelTarget(row, strongestOf(services), scope),
    value: row.channel,
    tenantId: row.channel.tenantId,
  };
}

export async function channelOf(
  parts: LoaderParts,
  slug: string,
  channelId: string,
): Promise<Resolved<ChannelRow | null>> {
  const { scope, tenantId } = await tenantIdScope(parts, slug);
  if (!scope || parts.principal.kind !== "user")
    return { target: strangerChannel(channelId), value: null, tenantId };
  return channelFor(parts.services, scope, channelId, parts.principal.user.id);
}

export async function messageOf(
  parts: LoaderParts,
  slug: string,
  messageId: string,
): Promise<Resolved<MessageWithAuthor | null>> {
  const { scope, tenantId } = await tenantIdScope(parts, slug);
  if (!scope || parts.principal.kind !== "user") {
    return {
      tenantId,
      target: {
        kind: "Message",
        id: messageId,
        tenantId: "none",
        authorId: "none",
        callerAccess: "none",
        callerTeamRole: "none",
        label: "none",
      },
      value: null,
    };
  }
  const store = parts.services.collaboration.store;
  const message = await store.message(scope, messageId);
  if (!message) throw notFound();
  const access = await store.channelAccess(scope, message.channelId, parts.principal.user.id);
  if (!access) throw notFound();
  return {
    target: {
      kind: "Message",
      id: message.id,
      tenantId: message.tenantId,
      authorId: message.authorId,
      callerAccess: accessOf(access),
      callerTeamRole: access.teamRole ?? "none",
      label: (await channelTarget(access, strongestOf(parts.services), scope)).label,
    },
    value: message,
    tenantId: message.tenantId,
  };
}

function strangerChannel(channelId: string) {
  return {
    kind: "Channel" as const,
    id: channelId,
    tenantId: "none",
    channelKind: "none",
    callerAccess: "none",
    callerTeamRole: "none",
    label: "none",
  };
}

/**
 * A shared file, decided as its channel: whoever may read the channel may see and download its
 * files (the same relation, so a person removed from the channel loses its files at once).
 */
export async function fileOf(
  parts: LoaderParts,
  slug: string,
  fileId: string,
): Promise<Resolved<FileRow | null>> {
  const { scope, tenantId } = await tenantIdScope(parts, slug);
  if (!scope || parts.principal.kind !== "user")
    return { target: strangerChannel(fileId), value: null, tenantId };
  const file = await parts.services.collaboration.fileStore.file(scope, fileId);
  if (!file) throw notFound();
  const access = await parts.services.collaboration.store.channelAccess(
    scope,
    file.channelId,
    parts.principal.user.id,
  );
  if (!access) throw notFound();
  // A file labelled more sensitive than its channel is decided under its own label.
  const channel = await channelTarget(access, strongestOf(parts.services), scope, file.labelId);
  return { target: channel, value: file, tenantId: file.tenantId };
}

/**
 * A shared file as the target of managing it (deleting, labelling): who uploaded it and the
 * asker's relation to its channel (the policies let the uploader or a team owner delete it, and a
 * team owner or the organisation's admins label it).
 */
export async function fileToManage(
  parts: LoaderParts,
  slug: string,
  fileId: string,
): Promise<Resolved<FileRow | null>> {
  const { scope, tenantId } = await tenantIdScope(parts, slug);
  const stranger = {
    kind: "File" as const,
    id: fileId,
    tenantId: "none",
    uploaderId: "none",
    callerAccess: "none",
    callerTeamRole: "none",
    label: "none",
  };
  if (!scope || parts.principal.kind !== "user") return { target: stranger, value: null, tenantId };
  const store = parts.services.collaboration;
  const file = await store.fileStore.file(scope, fileId);
  if (!file) throw notFound();
  const access = await store.store.channelAccess(scope, file.channelId, parts.principal.user.id);
  if (!access) throw notFound();
  return {
    target: {
      kind: "File",
      id: file.id,
      tenantId: file.tenantId,
      uploaderId: file.createdBy,
      callerAccess: accessOf(access),
      callerTeamRole: access.teamRole ?? "none",
      label: (await channelTarget(access, strongestOf(parts.services), scope, file.labelId)).label,
    },
    value: file,
    tenantId: file.tenantId,
  };
}

function strongestOf(services: Services): StrongestLabel {
  return (scope, ids) => services.conditionalAccess.strongestLabel(scope, ids);
}
