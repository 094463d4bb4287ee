import type {
  LocalCreateTenantRequest,
  LocalCreateTenantResponse,
  LocalRiskListImportRequest,
  LocalRiskListImportResponse,
  LocalRiskListsResponse,
  LocalRotateResponse,
  LocalVerifyRequest,
  LocalVerifyResponse,
} from "@engawa/shared";
import { AppError } from "../../platform/errors.ts";
import type { Scope } from "../../platform/scope.ts";
import type { Identity } from "../identity/index.ts";
import { LIST_NAMES, type ListName, type Risk } from "../risk/index.ts";
import type { Tenancy } from "../tenancy/index.ts";
import type { Deployment } from "./service.ts";

/**
 * The CLI's commands, shared by the admin-socket routes (server running) and the CLI working on
 * the data folder directly (server stopped), so both paths do exactly the same thing.
 */
export async function createTenantTask(
  deployment: Deployment,
  identity: Identity,
  publicUrl: URL,
  scope: Scope,
  input: LocalCreateTenantRequest,
): Promise<LocalCreateTenantResponse> {
  const signInUrl = new URL(
    `/sign-in?tenant=${encodeURIComponent(input.slug)}`,
    publicUrl,
  ).toString();
  if (input.ownerPassword !== undefined) {
    const hash = await identity.hashNewPassword(input.ownerPassword, [
      input.name,
      input.slug,
      input.owner.email,
      input.owner.displayName,
    ]);
    const tenant = await deployment.tenants.createWithOwnerPassword(scope, input, hash);
    return {
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
      ownerInviteUrl: null,
      signInUrl,
    };
  }
  const created = await deployment.tenants.create(scope, input);
  return { tenant: created.tenant, ownerInviteUrl: created.ownerInviteUrl, signInUrl };
}

export async function verifyTask(
  deployment: Deployment,
  input: LocalVerifyRequest,
): Promise<LocalVerifyResponse> {
  const options: {
    tenantSlug?: string;
    checkpoints?: NonNullable<LocalVerifyRequest["checkpoints"]>;
  } = {};
  if (input.tenant !== undefined) options.tenantSlug = input.tenant;
  if (input.checkpoints !== undefined) options.checkpoints = input.checkpoints;
  const reports = await deployment.integrity.verify(options);
  if (input.tenant !== undefined && reports.length === 0) {
    throw new AppError(
      "not_found",
      `No organisation with the ID "${input.tenant}" has an audit log.`,
    );
  }
  return { reports };
}

export async function rotateTask(
  deployment: Deployment,
  tenancy: Tenancy,
  scope: Scope,
  slug?: string,
): Promise<LocalRotateResponse> {
  if (slug === undefined) return { rotated: await deployment.keys.rotateAll(scope) };
  const tenant = await tenancy.store.bySlug(slug);
  if (!tenant) throw new AppError("not_found", `No organisation with the ID "${slug}".`);
  return { rotated: [await deployment.keys.rotateTenant(scope, tenant)] };
}

/**
 * Replaces a shipped address list for the whole deployment; the risk domain checks every line.
 * (The request's list names and the risk domain's are the same: the types only compile so.)
 */
export async function importRiskListTask(
  risk: Risk,
  scope: Scope,
  input: LocalRiskListImportRequest,
): Promise<LocalRiskListImportResponse> {
  const list: ListName = input.list;
  const { entries } = await risk.importList(scope, list, input.text, input.source);
  return { list: input.list, entries };
}

/** Each address list's entry count as the server holds it now. */
export async function riskListsTask(risk: Risk): Promise<LocalRiskListsResponse> {
  const sizes = await risk.lists.sizes();
  return { lists: LIST_NAMES.map((name) => ({ name, entries: sizes[name] })) };
}
