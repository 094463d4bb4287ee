import { validate } from "@cedar-policy/cedar-wasm/nodejs";
import { ACTION_NAMES, ACTIONS, type ActionName, type ActionSpec } from "@engawa/shared";
import { describe, expect, it } from "vitest";
import { buildCedarSchema } from "./cedarSchema.ts";
import { AccessEngine, loadDomainPolicies, STEP_UP_POLICY } from "./engine.ts";
import type { Subject, Target } from "./entities.ts";

const engine = new AccessEngine();
const user = (role: string, tenantId = "t1", id = `u-${role}`): Subject => ({
  kind: "User",
  id,
  tenantId,
  role,
  sessionStage: "complete",
  recentlyAuthenticated: true,
});
const operator: Subject = { kind: "Operator", id: "op1" };

/** Actions granted by the asker's relation to a team or channel rather than by tenant role. */
/** Granted to the organisation's people but not its guests (meetings/policy.cedar). */
const MEMBERS_NOT_GUESTS = new Set<string>(["meeting_policy.read"]);

const RELATION_BASED = new Set<string>(
  ACTION_NAMES.filter((a) => {
    const resource = (ACTIONS[a] as ActionSpec).resource;
    return (
      resource === "Team" ||
      resource === "Channel" ||
      resource === "Message" ||
      resource === "File" ||
      resource === "Meeting" ||
      a === "team.create" ||
      a === "meeting.create"
    );
  }),
);
const localAdmin: Subject = { kind: "LocalAdmin", id: "cli" };

function targetFor(spec: ActionSpec, subject: Subject): Target {
  switch (spec.resource) {
    case "Tenant":
      return { kind: "Tenant", id: "t1" };
    case "User":
      return subject.kind === "User" && spec.groups.includes("selfService")
        ? { kind: "User", id: subject.id, tenantId: "t1", role: subject.role }
        : { kind: "User", id: "u-other", tenantId: "t1", role: "member" };
    case "Operator":
      return { kind: "Operator", id: subject.kind === "Operator" ? subject.id : "op-other" };
    case "Deployment":
      return { kind: "Deployment" };
    case "Team":
      return {
        kind: "Team",
        id: "team1",
        tenantId: "t1",
        visibility: "private",
        callerRole: "owner",
        guestsAllowed: "true",
        label: "none",
      };
    case "Channel":
      return {
        kind: "Channel",
        id: "c1",
        tenantId: "t1",
        channelKind: "private",
        callerAccess: "owner",
        callerTeamRole: "owner",
        label: "none",
      };
    case "Message":
      return {
        kind: "Message",
        id: "m1",
        tenantId: "t1",
        authorId: subject.kind === "User" ? subject.id : "u-other",
        callerAccess: "member",
        callerTeamRole: "owner",
        label: "none",
      };
    case "File":
      return {
        kind: "File",
        id: "f1",
        tenantId: "t1",
        uploaderId: subject.kind === "User" ? subject.id : "u-other",
        callerAccess: "member",
        callerTeamRole: "member",
        label: "none",
      };
    case "Meeting":
      return { kind: "Meeting", id: "mt1", tenantId: "t1", callerRole: "organizer", label: "none" };
  }
}

const allowed = (
  subject: Subject,
  action: ActionName,
  target?: Target,
  context?: Record<string, string>,
) => {
  const spec = ACTIONS[action] as ActionSpec;
  const ctx = context ?? Object.fromEntries((spec.context ?? []).map((k) => [k, "member"]));
  return engine.decide({
    subject,
    action,
    target: target ?? targetFor(spec, subject),
    context: ctx,
  }).allowed;
};

describe("the access engine (Cedar)", () => {
  it("validates every policy strictly against the schema generated from the action catalogue", () => {
    const answer = validate({
      schema: buildCedarSchema(),
      policies: { staticPolicies: loadDomainPolicies() },
      validationSettings: { mode: "strict" },
    });
    expect(answer.type).toBe("success");
    if (answer.type === "success") {
      expect(answer.validationErrors).toEqual([]);
      expect(answer.validationWarnings).toEqual([]);
    }
  });

  it("never lets an operator or the local CLI reach tenant content, whatever else is permitted", () => {
    const content = ACTION_NAMES.filter((a) =>
      (ACTIONS[a] as ActionSpec).groups.includes("tenantContent"),
    );
    expect(content.length).toBeGreaterThan(8);
    for (const action of content) {
      expect(allowed(operator, action), action).toBe(false);
      expect(allowed(localAdmin, action), action).toBe(false);
      const spec = ACTIONS[action] as ActionSpec;
      const context = Object.fromEntries((spec.context ?? []).map((k) => [k, "member"]));
      const decision = engine.evaluate({
        subject: operator,
        action,
        target: targetFor(spec, operator),
        context,
      });
      expect(decision.policies, action).toContain("operators-never-touch-tenant-content");
    }
  });

  it("gives each role exactly its grants in its own tenant, and nothing in another", () => {
    for (const action of ACTION_NAMES) {
      const spec = ACTIONS[action] as ActionSpec;
      // Teams, channels and messages are granted by relation, not by role (collaboration/policy.test.ts).
      if (RELATION_BASED.has(action)) continue;
      for (const role of ["owner", "admin", "member", "guest"]) {
        // `mfa.verify` belongs to unfinished sign-ins only (tested below); these sessions are complete.
        const expected =
          spec.principals.includes("User") &&
          action !== "mfa.verify" &&
          (!spec.groups.includes("tenantAdmin") || role === "owner" || role === "admin") &&
          !(MEMBERS_NOT_GUESTS.has(action) && role === "guest");
        expect(allowed(user(role), action), `${role} ${action}`).toBe(expected);
        if (spec.resource === "Tenant")
          expect(allowed(user(role, "t2"), action), `${role} of t2 ${action}`).toBe(false);
      }
      expect(allowed(operator, action), `operator ${action}`).toBe(
        spec.principals.includes("Operator"),
      );
      expect(allowed(localAdmin, action), `cli ${action}`).toBe(
        spec.principals.includes("LocalAdmin"),
      );
    }
  });

  it("lets an unfinished sign-in do only its next step", () => {
    const at = (sessionStage: string): Subject => ({
      kind: "User",
      id: "u-owner",
      tenantId: "t1",
      role: "owner",
      sessionStage,
    });
    const self: Target = { kind: "User", id: "u-owner", tenantId: "t1", role: "owner" };
    for (const action of ACTION_NAMES) {
      const spec = ACTIONS[action] as ActionSpec;
      if (!spec.principals.includes("User")) continue;
      // Self-service on oneself; user administration on someone else (targetFor's default).
      const target = spec.groups.includes("tenantAdmin")
        ? undefined
        : spec.resource === "User"
          ? self
          : undefined;
      expect(allowed(at("second_factor"), action, target), `second_factor ${action}`).toBe(
        spec.groups.includes("secondFactorStep"),
      );
      expect(allowed(at("enrollment"), action, target), `enrollment ${action}`).toBe(
        spec.groups.includes("enrollmentStep"),
      );
      expect(allowed(at("password_change"), action, target), `password_change ${action}`).toBe(
        spec.groups.includes("passwordChangeStep"),
      );
      expect(allowed(at("anything else"), action, target), `unknown stage ${action}`).toBe(false);
    }
    expect(allowed(at("complete"), "mfa.verify", self)).toBe(false);
  });

  it("fails closed: a missing context attribute denies instead of skipping a forbid", () => {
    expect(
      engine.evaluate({
        subject: user("admin"),
        action: "user.invite",
        target: { kind: "Tenant", id: "t1" },
      }).allowed,
    ).toBe(false);
    expect(
      engine.evaluate({
        subject: user("admin"),
        action: "user.invite",
        target: { kind: "Tenant", id: "t1" },
        context: { role: "member" },
      }).allowed,
    ).toBe(true);
  });

  it("holds sensitive changes until a recent authentication, and says so only when that is all", () => {
    const stale = (role: string): Subject => ({
      kind: "User",
      id: `u-${role}`,
      tenantId: "t1",
      role,
      sessionStage: "complete",
      recentlyAuthenticated: false,
    });
    const sensitive = ACTION_NAMES.filter((a) =>
      (ACTIONS[a] as ActionSpec).groups.includes("stepUp"),
    );
    expect(sensitive).toEqual(
      expect.arrayContaining(["user.role.change", "mfa.enroll", "tenant.settings.update"]),
    );
    for (const action of ACTION_NAMES) {
      const spec = ACTIONS[action] as ActionSpec;
      if (!spec.principals.includes("User") || action === "mfa.verify") continue;
      const held = spec.groups.includes("stepUp");
      expect(allowed(stale("owner"), action), `stale owner ${action}`).toBe(
        held ? false : allowed(user("owner"), action),
      );
      const request = {
        subject: stale("owner"),
        action,
        target: targetFor(spec, stale("owner")),
        context: Object.fromEntries((spec.context ?? []).map((k) => [k, "member"])),
      };
      const decision = engine.decide(request);
      expect(engine.needsStepUp(request, decision), `step-up for ${action}`).toBe(held);
      if (held) expect(decision.policies).toContain(STEP_UP_POLICY);
    }
    // A member who may not change roles anyway is told "forbidden", never "confirm it's you".
    const member = {
      subject: stale("member"),
      action: "user.role.change" as const,
      target: { kind: "User", id: "u-other", tenantId: "t1", role: "member" } as Target,
      context: { role: "admin" },
    };
    expect(engine.needsStepUp(member, engine.decide(member))).toBe(false);
    // A subject without the attribute at all is held too (forbid unless).
    const { recentlyAuthenticated: _, ...unknown } = user("owner") as Extract<
      Subject,
      { kind: "User" }
    >;
    expect(allowed(unknown, "tenant.settings.update")).toBe(false);
  });

  it("caches on the whole input, so a role change is a different decision", () => {
    const fresh = new AccessEngine();
    const request = {
      subject: user("admin"),
      action: "user.list" as const,
      target: { kind: "Tenant", id: "t1" } as Target,
    };
    expect(fresh.decide(request)).toMatchObject({ allowed: true, cached: false });
    expect(fresh.decide(request)).toMatchObject({ allowed: true, cached: true });
    expect(fresh.decide({ ...request, subject: user("member", "t1", "u-admin") })).toMatchObject({
      allowed: false,
      cached: false,
    });
    expect(fresh.stats).toEqual({ hits: 1, misses: 2 });
  });
});
