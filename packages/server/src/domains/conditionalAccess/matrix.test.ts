import {
  CONTEXT_ACCESS,
  CONTEXT_STEP_UPS,
  type CaGrantControl,
  type ContextCell,
  type ContextRules,
  type SensitivityLabel,
  type WorkContext,
} from "@engawa/shared";
import { validate } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { AccessEngine, buildCedarSchema, type AccessRequest } from "../access/index.ts";
import { compilePolicies, readDecision, type CaVerdict } from "./compile.ts";
import { cedarSignalsOf, type CaSignals } from "./signals.ts";
import { compileContextRules, matrixCellOf } from "./workContext.ts";

/**
 * The label × work-context matrix on a table (zero-trust-anchors.md §8.7): every cell variant in
 * every column, for every declared context (or none), a chat read, the two title actions (a
 * team's page, its channels' names) and a download,
 * and every session strength — decided by Cedar on the compiled rules and compared with what the
 * cell says (worked out here independently of the compiler).
 */
const TENANT = "11111111-1111-4111-8111-111111111111";
const OTHER_TENANT = "99999999-9999-4999-8999-999999999999";
const ALICE = "22222222-2222-4222-8222-222222222222";

const CONTEXTS: (WorkContext | null)[] = [null, "public", "shared", "private"];
const ACTIONS = ["channel.read", "channel.list", "team.read", "file.download"] as const;
type Action = (typeof ACTIONS)[number];
const STRENGTHS = {
  none: { mfa: false, phishingResistant: false },
  mfa: { mfa: true, phishingResistant: false },
  phishing_resistant: { mfa: true, phishingResistant: true },
} as const;
type Strength = keyof typeof STRENGTHS;

/** Every cell: each access with each step-up, with and without a watermark. */
const CELLS: ContextCell[] = CONTEXT_ACCESS.flatMap((access) =>
  CONTEXT_STEP_UPS.flatMap((stepUp) =>
    [false, true].map((watermark) => ({ access, stepUp, watermark })),
  ),
);

/** A cell unlike `cell` in every way that matters, for the columns the case is not about. */
function contrast(cell: ContextCell): ContextCell {
  return cell.access === "deny"
    ? { access: "open", watermark: false, stepUp: "none" }
    : { access: "deny", watermark: true, stepUp: "phishing_resistant" };
}

const COLUMNS = ["public", "shared", "private"] as const;
type Column = (typeof COLUMNS)[number];

/** One label per (cell, column): the cell in that column, contrasting cells in the others. */
interface LabelCase {
  label: Pick<SensitivityLabel, "id" | "contextRules">;
  cell: ContextCell;
  column: Column;
}
const LABEL_CASES: LabelCase[] = CELLS.flatMap((cell, c) =>
  COLUMNS.map((column, k) => {
    const rules = Object.fromEntries(
      COLUMNS.map((other) => [other, other === column ? cell : contrast(cell)]),
    ) as ContextRules;
    const n = c * COLUMNS.length + k + 1;
    return {
      label: { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, contextRules: rules },
      cell,
      column,
    };
  }),
);
const LABELS = LABEL_CASES.map((c) => c.label);

/** The column a context reads: not declared is a public place. */
function columnOf(context: WorkContext | null): Column {
  return context ?? "public";
}

/**
 * What a cell means for one action and session, read from the cell alone: deny refuses all but
 * the list of channel names (so the person sees why a channel does not open), with no step-up to
 * ask; title only refuses all but the title actions; a step-up not passed asks for it (before
 * view-only, which a step-up cannot change, but after deny and title only, which it cannot
 * either); view-only refuses downloads.
 */
function expected(
  cell: ContextCell,
  action: Action,
  strength: Strength,
): { verdict: CaVerdict; controls: CaGrantControl[] } {
  if (cell.access === "deny")
    return action === "channel.list"
      ? { verdict: "allow", controls: [] }
      : { verdict: "context_denied", controls: [] };
  if (cell.access === "title_only" && action !== "channel.list" && action !== "team.read")
    return { verdict: "title_only", controls: [] };
  const passed =
    cell.stepUp === "none" ||
    (cell.stepUp === "mfa" ? STRENGTHS[strength].mfa : STRENGTHS[strength].phishingResistant);
  if (!passed) return { verdict: "action_required", controls: [cell.stepUp as CaGrantControl] };
  if (cell.access === "view_only" && action === "file.download")
    return { verdict: "view_only", controls: [] };
  return { verdict: "allow", controls: [] };
}

function signals(label: string | null, context: WorkContext | null, strength: Strength): CaSignals {
  return {
    userId: ALICE,
    role: "member",
    groups: [],
    acceptedTerms: [],
    deviceRegistered: false,
    deviceCompliant: false,
    deviceState: "unregistered",
    app: "chat",
    userAction: null,
    download: false,
    label,
    locations: [],
    trusted: false,
    country: "JP",
    signInRisk: "none",
    userRisk: "none",
    platform: "windows",
    clientType: "browser",
    at: new Date("2026-11-25T01:00:00Z"),
    ...STRENGTHS[strength],
    minutesSinceSignIn: 0,
    longestPauseMinutes: 0,
    workContext: context,
  };
}

function requestOf(action: Action, label: string, tenantId = TENANT): AccessRequest {
  const subject = {
    kind: "User" as const,
    id: ALICE,
    tenantId,
    role: "member",
    sessionStage: "complete",
    recentlyAuthenticated: true,
  };
  const target =
    action === "channel.list" || action === "team.read"
      ? {
          kind: "Team" as const,
          id: "t1",
          tenantId,
          visibility: "private",
          callerRole: "member",
          guestsAllowed: "false",
          label,
        }
      : {
          kind: "Channel" as const,
          id: "c1",
          tenantId,
          channelKind: "standard",
          callerAccess: "member",
          callerTeamRole: "member",
          label,
        };
  return { subject, action, target };
}

describe("label × work-context matrix: Cedar agrees with the cells", () => {
  const engine = new AccessEngine();
  let sets = 0;
  /** The tenant's set as the service builds it: the policies (none here) and the matrix. */
  function load(labels: Pick<SensitivityLabel, "id" | "contextRules">[], enabled: boolean) {
    const policies = compilePolicies(TENANT, []);
    const matrix = compileContextRules(TENANT, labels, enabled);
    sets += 1;
    const set = engine.loadConditionalSet(TENANT, `matrix${sets}`, {
      ...policies.text,
      ...matrix.text,
    });
    const rules = new Map([...policies.rules, ...matrix.rules]);
    return {
      matrix,
      decide(action: Action, label: string | null, context: WorkContext | null, s: Strength) {
        const decision = engine.decideConditional(
          set,
          requestOf(action, label ?? "none"),
          cedarSignalsOf(signals(label, context, s), []),
        );
        return readDecision(decision.allowed, decision.policies, rules);
      },
    };
  }

  const on = load(LABELS, true);

  it("covers every cell variant in every column", () => {
    expect(CELLS).toHaveLength(CONTEXT_ACCESS.length * CONTEXT_STEP_UPS.length * 2);
    expect(LABEL_CASES).toHaveLength(CELLS.length * 3);
  });

  for (const { label, cell, column } of LABEL_CASES) {
    const name = `${column}: ${cell.access}, step-up ${cell.stepUp}${cell.watermark ? ", watermark" : ""}`;
    it(name, () => {
      for (const context of CONTEXTS) {
        // The case's cell in its own column; the contrasting cell in the others.
        const applies = columnOf(context) === column ? cell : contrast(cell);
        // matrixCellOf (What-If) picks the same cell.
        expect(matrixCellOf(LABELS, true, label.id, context), String(context)).toEqual(applies);
        for (const action of ACTIONS)
          for (const strength of Object.keys(STRENGTHS) as Strength[]) {
            const got = on.decide(action, label.id, context, strength);
            const want = expected(applies, action, strength);
            const where = `${String(context)} ${action} ${strength}`;
            expect(got.verdict, where).toBe(want.verdict);
            expect(got.controls, where).toEqual(want.controls);
            // A refusal names the cell that made it, and only that one.
            expect(got.policyIds, where).toEqual(
              want.verdict === "allow" ? [] : [`work-context:${label.id}:${columnOf(context)}`],
            );
          }
      }
    });
  }

  it("compiles every cell into rules that validate strictly against the schema", () => {
    const answer = validate({
      schema: buildCedarSchema(),
      policies: {
        staticPolicies: { ...compilePolicies(TENANT, []).text, ...on.matrix.text },
      },
      validationSettings: { mode: "strict" },
    });
    expect(answer.type).toBe("success");
    if (answer.type === "success") {
      expect(answer.validationErrors).toEqual([]);
      expect(answer.validationWarnings).toEqual([]);
    }
    // Every rule is known to readDecision, under the label and column it came from.
    for (const [id, { policyId }] of on.matrix.rules) {
      expect(Object.keys(on.matrix.text)).toContain(id);
      expect(policyId).toMatch(/^work-context:[0-9a-f-]{36}:(public|shared|private)$/);
    }
    expect(Object.keys(on.matrix.text).sort()).toEqual([...on.matrix.rules.keys()].sort());
  });

  it("refuses nothing while the matrix is off", () => {
    const off = load(LABELS, false);
    expect(off.matrix.text).toEqual({});
    expect(off.matrix.rules.size).toBe(0);
    for (const { label } of LABEL_CASES)
      for (const context of CONTEXTS) {
        expect(matrixCellOf(LABELS, false, label.id, context)).toBeNull();
        for (const action of ACTIONS)
          for (const strength of Object.keys(STRENGTHS) as Strength[])
            expect(off.decide(action, label.id, context, strength).verdict).toBe("allow");
      }
  });

  it("never refuses an unlabelled resource, or one whose label has no row", () => {
    const unknown = "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f";
    for (const context of CONTEXTS) {
      expect(matrixCellOf(LABELS, true, null, context)).toBeNull();
      expect(matrixCellOf(LABELS, true, unknown, context)).toBeNull();
      for (const action of ACTIONS)
        for (const strength of Object.keys(STRENGTHS) as Strength[]) {
          expect(on.decide(action, null, context, strength).verdict).toBe("allow");
          expect(on.decide(action, unknown, context, strength).verdict).toBe("allow");
        }
    }
  });

  it("applies a tenant's matrix to that tenant's users only", () => {
    const denyEverywhere = LABEL_CASES.find(
      (c) => c.cell.access === "deny" && c.column === "public",
    );
    if (!denyEverywhere) throw new Error("no deny case");
    const id = denyEverywhere.label.id;
    const policies = compilePolicies(TENANT, []);
    const matrix = compileContextRules(TENANT, LABELS, true);
    const set = engine.loadConditionalSet(TENANT, "matrix-other-tenant", {
      ...policies.text,
      ...matrix.text,
    });
    const decision = engine.decideConditional(
      set,
      requestOf("channel.read", id, OTHER_TENANT),
      cedarSignalsOf(signals(id, null, "none"), []),
    );
    expect(decision.allowed).toBe(true);
    const own = engine.decideConditional(
      set,
      requestOf("channel.read", id),
      cedarSignalsOf(signals(id, null, "none"), []),
    );
    expect(own.allowed).toBe(false);
  });
});
