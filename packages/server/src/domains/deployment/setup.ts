import type { SetupRequest, TenantCreatedResponse } from "@engawa/shared";
import { HOUR, type Clock } from "../../platform/clock.ts";
import { randomToken, safeEqual, sha256Hex } from "../../platform/crypto/tokens.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor, systemScope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Identity } from "../identity/index.ts";
import type { Tenancy } from "../tenancy/index.ts";
import type { TenantCreation } from "./tenantCreation.ts";

/** The first-run setup link is valid for 24 hours; a restart issues a new one while setup is pending. */
const SETUP_LINK_LIFETIME = 24 * HOUR;

export interface SetupDeps {
  database: Database;
  tenancy: Tenancy;
  identity: Identity;
  audit: AuditLog;
  clock: Clock;
  publicUrl: URL;
  tenants: TenantCreation;
}

/**
 * First-run setup: until the first operator exists, start-up prints a one-time link (token in the
 * fragment; only its SHA-256 is stored). Opening it lets the first person create the first
 * operator, the first tenant and its owner's invitation — in one transaction.
 */
export class FirstRunSetup {
  private readonly deps: SetupDeps;

  constructor(deps: SetupDeps) {
    this.deps = deps;
  }

  async required(): Promise<boolean> {
    return (await this.deps.identity.store.operatorCount()) === 0;
  }

  /** A fresh setup link, or null when setup is done. */
  async issueLink(): Promise<string | null> {
    if (!(await this.required())) return null;
    const token = randomToken();
    const now = this.deps.clock.now();
    await this.deps.database.transaction(async () => {
      await this.deps.tenancy.store.saveSetup({
        tokenHash: sha256Hex(token),
        expiresAt: new Date(now.getTime() + SETUP_LINK_LIFETIME),
        completedAt: null,
      });
      await this.deps.audit.append(systemScope("first-run setup link issued at start-up"), {
        action: "setup.link.issue",
        outcome: "allow",
      });
    });
    return new URL(`/setup#token=${token}`, this.deps.publicUrl).toString();
  }

  async complete(input: SetupRequest): Promise<TenantCreatedResponse> {
    await this.checkToken(input.token);
    const operator = await this.deps.identity.prepareOperator(input.operator);
    return this.deps.database.transaction(async () => {
      await this.checkToken(input.token);
      const now = this.deps.clock.now();
      const setup = await this.deps.tenancy.store.setup();
      await this.deps.tenancy.store.saveSetup({
        tokenHash: setup?.tokenHash ?? "",
        expiresAt: now,
        completedAt: now,
      });
      const operatorScope = scopeFor(
        { type: "operator", id: operator.id, label: operator.email },
        null,
      );
      await this.deps.identity.insertOperator(systemScope("first-run setup"), operator);
      await this.deps.audit.append(operatorScope, { action: "setup.complete", outcome: "allow" });
      return this.deps.tenants.create(operatorScope, {
        name: input.tenant.name,
        slug: input.tenant.slug,
        owner: input.owner,
      });
    });
  }

  private async checkToken(token: string): Promise<void> {
    if (!(await this.required()))
      throw new AppError("setup_completed", "Engawa is already set up. Sign in instead.");
    const setup = await this.deps.tenancy.store.setup();
    const now = this.deps.clock.now();
    if (
      !setup ||
      setup.completedAt ||
      setup.expiresAt <= now ||
      !safeEqual(setup.tokenHash, sha256Hex(token))
    ) {
      throw new AppError(
        "invalid_token",
        "This setup link is not valid. Restart Engawa to get a new one.",
      );
    }
  }
}
