import { randomUUID } from "node:crypto";
import {
  FILE_SIZE_MEGABYTES,
  GUEST_DAYS,
  SESSION_LIMITS,
  STEP_UP_MINUTES,
  type MfaRequirement,
  type TenantSettings,
} from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Keyring } from "../keys/index.ts";
import { createTenantStore, type TenantRow, type TenantStore } from "./store.ts";

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  sessionIdleMinutes: SESSION_LIMITS.idleMinutesDefault,
  sessionAbsoluteHours: SESSION_LIMITS.absoluteHoursDefault,
  mfaRequirement: "off",
  mfaGraceDays: 7,
  passwordMinLength: null,
  passwordCharacterMix: false,
  passwordMaxAgeDays: null,
  stepUpMinutes: STEP_UP_MINUTES.default,
  fileMaxMegabytes: FILE_SIZE_MEGABYTES.default,
  guestAccess: true,
  guestDays: GUEST_DAYS.default,
};

/** Kept beside the settings, not editable: when the current MFA requirement began (grace starts). */
const MFA_REQUIRED_SINCE = "mfaRequiredSince";

const WIDER: Record<MfaRequirement, number> = { off: 0, admins: 1, everyone: 2 };

/** Tenants (organisations): their records, keys and settings. */
export class Tenancy {
  readonly store: TenantStore;

  private readonly database: Database;
  private readonly keyring: Keyring;
  private readonly audit: AuditLog;
  private readonly clock: Clock;

  constructor(database: Database, keyring: Keyring, audit: AuditLog, clock: Clock) {
    this.database = database;
    this.keyring = keyring;
    this.audit = audit;
    this.clock = clock;
    this.store = createTenantStore(database);
  }

  /**
   * Creates the tenant row and its keys, and records the creation in the tenant's own audit chain
   * (the first event the tenant will see). `scope` carries the creator and the new tenant's id.
   */
  async create(scope: Scope, input: { name: string; slug: string }): Promise<TenantRow> {
    const tenantId = requireTenant(scope);
    return this.database.transaction(async () => {
      if (await this.store.bySlug(input.slug)) {
        throw new AppError("slug_taken", `The organisation ID "${input.slug}" is already in use.`, {
          field: "slug",
        });
      }
      const row: TenantRow = {
        id: tenantId,
        slug: input.slug,
        name: input.name,
        status: "active",
        settings: { ...DEFAULT_TENANT_SETTINGS },
        createdAt: this.clock.now(),
        accessPolicyVersion: 0,
        workContextEnabled: false,
      };
      await this.store.insert(row);
      await this.keyring.ensureKeys(scope);
      await this.audit.append(scope, {
        action: "tenant.create",
        outcome: "allow",
        target: { type: "tenant", id: tenantId },
        details: { name: input.name, slug: input.slug },
      });
      return row;
    });
  }

  newTenantId(): string {
    return randomUUID();
  }

  async settings(scope: Scope): Promise<TenantSettings> {
    const tenant = await this.store.own(scope);
    if (!tenant) throw new AppError("not_found", "Organisation not found.");
    return settingsOf(tenant);
  }

  /** Replaces the settings; optional ones left out keep their current values. */
  async updateSettings(scope: Scope, input: TenantSettings): Promise<TenantSettings> {
    const settings = { ...(await this.settings(scope)), ...input };
    if (settings.sessionIdleMinutes > settings.sessionAbsoluteHours * 60) {
      throw new AppError(
        "invalid_request",
        "The idle limit cannot be longer than the absolute limit.",
        {
          field: "sessionIdleMinutes",
        },
      );
    }
    return this.database.transaction(async () => {
      const tenant = await this.store.own(scope);
      if (!tenant) throw new AppError("not_found", "Organisation not found.");
      const before = settingsOf(tenant);
      // The grace period starts again only when the requirement reaches more people.
      const since =
        settings.mfaRequirement === "off"
          ? null
          : WIDER[settings.mfaRequirement] > WIDER[before.mfaRequirement]
            ? this.clock.now().toISOString()
            : (mfaRequiredSinceOf(tenant)?.toISOString() ?? this.clock.now().toISOString());
      await this.store.updateSettings(scope, { ...settings, [MFA_REQUIRED_SINCE]: since });
      await this.audit.append(scope, {
        action: "tenant.settings.update",
        outcome: "allow",
        target: { type: "tenant", id: requireTenant(scope) },
        details: { before, after: settings },
      });
      return settings;
    });
  }
}

/** Stored settings merged over the defaults (older rows may lack newer keys). */
export function settingsOf(tenant: TenantRow): TenantSettings {
  const stored = { ...(tenant.settings as Partial<TenantSettings> & Record<string, unknown>) };
  delete stored[MFA_REQUIRED_SINCE];
  return { ...DEFAULT_TENANT_SETTINGS, ...stored };
}

/** When the tenant's current MFA requirement began; null when MFA is not required. */
export function mfaRequiredSinceOf(tenant: TenantRow): Date | null {
  const value = tenant.settings[MFA_REQUIRED_SINCE];
  return typeof value === "string" ? new Date(value) : null;
}
