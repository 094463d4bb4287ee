import type {
  RiskLevel,
  SessionStage,
  TenantRole,
  StoredWorkContext,
  UserStatus,
} from "@engawa/shared";
import { scopeFor, type Actor, type Scope } from "../../platform/scope.ts";
import type { Subject } from "../access/index.ts";

export interface SessionInfo {
  id: string;
  /** Echoed by the client in `x-engawa-csrf` on state-changing requests. */
  csrfToken: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  /** `complete`, or the sign-in step still due (`second_factor`, `enrollment`). */
  stage: SessionStage;
  /** How the session was authenticated, e.g. `password+totp`. */
  methods: string;
  /** When the user last proved who they are on this session (sign-in or step-up). */
  authenticatedAt: Date;
  /** The longest pause of the session since then, in seconds (conditional access's idle timeout). */
  longestPauseSeconds: number;
  /** Whether that was within the tenant's step-up window, worked out when the request arrived. */
  recentlyAuthenticated: boolean;
  /** Where the session was signed in from (address and User-Agent), for anomalous-token checks. */
  origin: { ip: string | null; userAgent: string | null };
  /** Sign-in and user risk when the session began: conditions of conditional access. */
  risk: { signIn: RiskLevel; user: RiskLevel };
  /**
   * Where the person said they are working, the address they said it from and when it lapses
   * (conditionalAccess/workContext.ts decides whether it still holds for a request).
   */
  workContext: StoredWorkContext | null;
  /** The registered device this session is bound to (every request proves it), or null. */
  deviceId: string | null;
}

export interface TenantUser {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: TenantRole;
  status: UserStatus;
  /** The terms of use (id → version) the user accepted. */
  acceptedTerms: Record<string, number>;
}

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
  /** Version of the tenant's conditional-access policies, to notice another process's change. */
  accessPolicyVersion: number;
}

/**
 * Who a request comes from. Tenant users and operators are different kinds with different
 * sign-in (ARCHITECTURE.md, Principals); the local admin is the host's CLI over the admin socket.
 */
export type Principal =
  | { kind: "user"; user: TenantUser; tenant: TenantRef; session: SessionInfo }
  | {
      kind: "operator";
      operator: { id: string; email: string; displayName: string };
      session: SessionInfo;
    }
  | { kind: "local_admin"; label: string }
  /**
   * A tenant's SCIM provisioning client, resolved from its bearer token (RFC 7644 §2). It belongs
   * to exactly one tenant and acts only through the `scim.*` actions policy grants it.
   */
  | { kind: "scim_client"; token: { id: string; name: string }; tenant: TenantRef }
  /**
   * Someone without an account let into one meeting from its lobby (meetings domain, the meeting
   * cookie): their join, the name they typed, and nothing else of the organisation.
   */
  | { kind: "meeting_guest"; guest: MeetingGuest; tenant: TenantRef };

export interface MeetingGuest {
  participantId: string;
  meetingId: string;
  displayName: string;
}

export function actorOf(principal: Principal | null): Actor {
  if (!principal) return { type: "anonymous" };
  switch (principal.kind) {
    case "user":
      return {
        type: "user",
        id: principal.user.id,
        tenantId: principal.tenant.id,
        role: principal.user.role,
        label: principal.user.email,
      };
    case "operator":
      return { type: "operator", id: principal.operator.id, label: principal.operator.email };
    case "local_admin":
      return { type: "local_admin", label: principal.label };
    case "scim_client":
      return {
        type: "scim_client",
        id: principal.token.id,
        tenantId: principal.tenant.id,
        label: principal.token.name,
      };
    case "meeting_guest":
      // No account: audited as anonymous in the meeting's organisation (details name the join).
      return { type: "anonymous" };
  }
}

/**
 * A user's and a SCIM client's work is limited to their tenant; an operator's and the CLI's to
 * deployment data.
 */
export function scopeOf(principal: Principal | null): Scope {
  return scopeFor(actorOf(principal), tenantOf(principal));
}

/** The tenant a principal belongs to (users, SCIM clients, meeting guests), or null. */
export function tenantOf(principal: Principal | null): string | null {
  return principal?.kind === "user" ||
    principal?.kind === "scim_client" ||
    principal?.kind === "meeting_guest"
    ? principal.tenant.id
    : null;
}

export function subjectOf(principal: Principal): Subject {
  switch (principal.kind) {
    case "user":
      return {
        kind: "User",
        id: principal.user.id,
        tenantId: principal.tenant.id,
        role: principal.user.role,
        sessionStage: principal.session.stage,
        recentlyAuthenticated: principal.session.recentlyAuthenticated,
      };
    case "operator":
      return { kind: "Operator", id: principal.operator.id };
    case "local_admin":
      return { kind: "LocalAdmin", id: principal.label };
    case "scim_client":
      return { kind: "ScimClient", id: principal.token.id, tenantId: principal.tenant.id };
    case "meeting_guest":
      return {
        kind: "MeetingGuest",
        id: principal.guest.participantId,
        tenantId: principal.tenant.id,
        meetingId: principal.guest.meetingId,
      };
  }
}
