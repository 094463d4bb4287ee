import type { Clock } from "../../../platform/clock.ts";
import type { Database } from "../../../platform/db/database.ts";
import type { AuditLog } from "../../audit/index.ts";
import type { Keyring } from "../../keys/index.ts";
import type { MfaStore } from "../mfaStore.ts";
import type { Principal } from "../principal.ts";
import type { Sessions } from "../sessions.ts";
import type { IdentityStore } from "../store.ts";

/** What the second-factor commands work with. */
export interface MfaDeps {
  database: Database;
  store: IdentityStore;
  mfa: MfaStore;
  sessions: Sessions;
  keyring: Keyring;
  audit: AuditLog;
  clock: Clock;
  /** WebAuthn relying party: its ID (the host name) and the origin pages are served from. */
  relyingParty: { id: string; origin: string; name: string };
}

export type UserPrincipal = Extract<Principal, { kind: "user" }>;
