import type { EntityJson, EntityUidJson } from "@cedar-policy/cedar-wasm/nodejs";
import { NAMESPACE } from "./cedarSchema.ts";

/** Who asks, as the access engine sees it. */
export type Subject =
  | {
      kind: "User";
      id: string;
      tenantId: string;
      role: string;
      sessionStage: string;
      /** The session's last authentication is within the tenant's step-up window. */
      recentlyAuthenticated?: boolean;
    }
  | { kind: "Operator"; id: string }
  | { kind: "LocalAdmin"; id: string }
  | { kind: "ScimClient"; id: string; tenantId: string }
  /** Someone without an account in one meeting (id: their join); `meeting` is that meeting. */
  | { kind: "MeetingGuest"; id: string; tenantId: string; meetingId: string };

/** What is asked about. */
export type Target =
  | { kind: "Tenant"; id: string }
  | { kind: "User"; id: string; tenantId: string; role: string }
  | { kind: "Operator"; id: string }
  | { kind: "Deployment" }
  /**
   * Collaboration resources carry the asker's relation to them (`callerRole`, `callerAccess`),
   * worked out by the resource loader from the memberships, because Cedar sees only the entities
   * of one request. Being part of the target, the relation is part of the decision cache key
   * (ADR 0004): a membership change can never be answered from a stale cached decision.
   */
  | {
      kind: "Team";
      id: string;
      tenantId: string;
      visibility: string;
      callerRole: string;
      /** "true" when both the team and the organisation let guests take part. */
      guestsAllowed: string;
      /** The team's sensitivity label id, or "none" (conditional access reads it). */
      label: string;
    }
  | {
      kind: "Channel";
      id: string;
      tenantId: string;
      channelKind: string;
      callerAccess: string;
      callerTeamRole: string;
      /** The sensitivity label of its team, or "none". */
      label: string;
    }
  | {
      kind: "Message";
      id: string;
      tenantId: string;
      authorId: string;
      callerAccess: string;
      callerTeamRole: string;
      /** The sensitivity label of its team, or "none". */
      label: string;
    }
  | {
      kind: "File";
      id: string;
      tenantId: string;
      uploaderId: string;
      callerAccess: string;
      callerTeamRole: string;
      /** The sensitivity label of its team, or "none". */
      label: string;
    }
  | {
      kind: "Meeting";
      id: string;
      tenantId: string;
      /** The asker's role: organizer, co_organizer, presenter, attendee, lobby or none. */
      callerRole: string;
      /** The meeting's sensitivity label, or "none". */
      label: string;
      /**
       * The organisation's `whoMayPresent` (everyone, presenters, organizers): read only where
       * presenting is decided; absent, nobody but organisers may start presenting.
       */
      whoMayPresent?: string;
    };

export const DEPLOYMENT_ID = "deployment";

export function uid(kind: string, id: string): EntityUidJson {
  return { type: `${NAMESPACE}::${kind}`, id };
}

/**
 * The entities one decision needs — the principal and the resource, nothing else — because
 * converting entities is most of a Cedar call's cost (ARCHITECTURE.md, Decisions and their cost).
 */
export function entitiesFor(subject: Subject, target: Target): EntityJson[] {
  const principal = subjectEntity(subject);
  const resource = targetEntity(target);
  return sameUid(principal.uid, resource.uid) ? [principal] : [principal, resource];
}

export function subjectUid(subject: Subject): EntityUidJson {
  return uid(subject.kind, subject.id);
}

export function targetUid(target: Target): EntityUidJson {
  return uid(target.kind, target.kind === "Deployment" ? DEPLOYMENT_ID : target.id);
}

function subjectEntity(subject: Subject): EntityJson {
  if (subject.kind === "User") {
    const entity = userEntity(subject.id, subject.tenantId, subject.role);
    return {
      ...entity,
      attrs: {
        ...entity.attrs,
        sessionStage: subject.sessionStage,
        ...(subject.recentlyAuthenticated === undefined
          ? {}
          : { recentlyAuthenticated: subject.recentlyAuthenticated }),
      },
    };
  }
  if (subject.kind === "ScimClient") {
    const tenant = uid("Tenant", subject.tenantId);
    return {
      uid: subjectUid(subject),
      attrs: { tenant: { __entity: tenant as { type: string; id: string } } },
      parents: [tenant],
    };
  }
  if (subject.kind === "MeetingGuest") {
    const tenant = uid("Tenant", subject.tenantId);
    return {
      uid: subjectUid(subject),
      attrs: {
        tenant: { __entity: tenant as { type: string; id: string } },
        meeting: { __entity: uid("Meeting", subject.meetingId) as { type: string; id: string } },
      },
      parents: [tenant],
    };
  }
  return { uid: subjectUid(subject), attrs: {}, parents: [] };
}

function targetEntity(target: Target): EntityJson {
  switch (target.kind) {
    case "User":
      return userEntity(target.id, target.tenantId, target.role);
    case "Team":
      return tenantOwned(target, target.tenantId, {
        visibility: target.visibility,
        callerRole: target.callerRole,
        guestsAllowed: target.guestsAllowed,
        label: target.label,
      });
    case "Channel":
      return tenantOwned(target, target.tenantId, {
        kind: target.channelKind,
        callerAccess: target.callerAccess,
        callerTeamRole: target.callerTeamRole,
        label: target.label,
      });
    case "Message":
      return tenantOwned(target, target.tenantId, {
        author: { __entity: uid("User", target.authorId) as { type: string; id: string } },
        callerAccess: target.callerAccess,
        callerTeamRole: target.callerTeamRole,
        label: target.label,
      });
    case "File":
      return tenantOwned(target, target.tenantId, {
        uploader: { __entity: uid("User", target.uploaderId) as { type: string; id: string } },
        callerAccess: target.callerAccess,
        callerTeamRole: target.callerTeamRole,
        label: target.label,
      });
    case "Meeting":
      return tenantOwned(target, target.tenantId, {
        callerRole: target.callerRole,
        label: target.label,
        ...(target.whoMayPresent === undefined ? {} : { whoMayPresent: target.whoMayPresent }),
      });
    default:
      return { uid: targetUid(target), attrs: {}, parents: [] };
  }
}

function tenantOwned(
  target: Target,
  tenantId: string,
  attrs: Record<string, string | { __entity: { type: string; id: string } }>,
): EntityJson {
  const tenant = uid("Tenant", tenantId);
  return {
    uid: targetUid(target),
    attrs: { tenant: { __entity: tenant as { type: string; id: string } }, ...attrs },
    parents: [tenant],
  };
}

function userEntity(id: string, tenantId: string, role: string): EntityJson {
  const tenant = uid("Tenant", tenantId);
  return {
    uid: uid("User", id),
    attrs: { tenant: { __entity: tenant as { type: string; id: string } }, role },
    parents: [tenant],
  };
}

function sameUid(a: EntityUidJson, b: EntityUidJson): boolean {
  const left = "__entity" in a ? a.__entity : a;
  const right = "__entity" in b ? b.__entity : b;
  return left.type === right.type && left.id === right.id;
}

/** The sensitivity label a request's resource carries ("none" for resources without one). */
export function labelOf(target: Target): string {
  return "label" in target ? target.label : "none";
}
