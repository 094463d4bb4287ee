import { Type, type Static } from "typebox";
import { Timestamp } from "./common.ts";

/**
 * Declared work context (zero-trust-anchors.md §8.7): where the person says they are working. Only
 * this declared value is kept and audited — no camera, microphone or precise location.
 */
export const WORK_CONTEXTS = ["private", "shared", "public"] as const;
export type WorkContext = (typeof WORK_CONTEXTS)[number];

/**
 * A declaration lapses after this many minutes without activity on the session (or with the
 * session, whichever is first), so someone who steps away declares again: the anchor's
 * "15 min idle" for strictly confidential work.
 */
export const WORK_CONTEXT_IDLE_MINUTES = 15;

/** When a declaration made (or renewed by activity) at `now` lapses: idle, never after the session. */
export function workContextExpiry(now: Date, sessionIdleExpiresAt: Date): Date {
  return new Date(
    Math.min(now.getTime() + WORK_CONTEXT_IDLE_MINUTES * 60_000, sessionIdleExpiresAt.getTime()),
  );
}

/** A session's declaration as the server keeps it. */
export interface StoredWorkContext {
  context: WorkContext;
  /** The address it was declared from. */
  ip: string | null;
  expiresAt: Date;
}

/**
 * The declaration that holds for a request: none once it lapsed, or when the request comes from
 * another address than the one it was made from — a change of network is a change of place
 * (zero-trust-anchors.md §8.7: declare again after idle, a network change or a device change).
 */
export function effectiveWorkContext(
  stored: StoredWorkContext | null,
  ip: string | null,
  now: Date,
): WorkContext | null {
  if (!stored || stored.expiresAt <= now) return null;
  if (stored.ip !== null && ip !== null && stored.ip !== ip) return null;
  return stored.context;
}

/** What one label gets in one work context. */
export const CONTEXT_ACCESS = ["open", "view_only", "title_only", "deny"] as const;
export type ContextAccess = (typeof CONTEXT_ACCESS)[number];

export const CONTEXT_STEP_UPS = ["none", "mfa", "phishing_resistant"] as const;
export type ContextStepUp = (typeof CONTEXT_STEP_UPS)[number];

export const ContextCell = Type.Object(
  {
    /** open; view_only (no download or print); title_only (names, not content); deny. */
    access: Type.Enum(CONTEXT_ACCESS),
    /** The client lays the viewer's name and the time over the content. */
    watermark: Type.Boolean(),
    /** A second factor (or a passkey) the session must have passed first. */
    stepUp: Type.Enum(CONTEXT_STEP_UPS),
  },
  { additionalProperties: false },
);
export type ContextCell = Static<typeof ContextCell>;

/** One row of the label × context matrix. */
export const ContextRules = Type.Object(
  { public: ContextCell, shared: ContextCell, private: ContextCell },
  { additionalProperties: false },
);
export type ContextRules = Static<typeof ContextRules>;

const OPEN: ContextCell = { access: "open", watermark: false, stepUp: "none" };

/**
 * The default matrix of §8.7 by a label's place in the list: the most sensitive label is treated
 * as "strictly confidential", the one below it as "confidential" (with three labels or more), the
 * rest as public or internal. So 極秘 and 機密 of the generic preset, 重要性分類Ⅰ and Ⅱ of the school
 * preset and 患者情報 and 機密 of the hospital preset get the restricted rows.
 */
export function defaultContextRules(rank: number, count: number): ContextRules {
  if (count >= 2 && rank === count - 1)
    return {
      public: { access: "deny", watermark: false, stepUp: "none" },
      shared: { access: "view_only", watermark: true, stepUp: "phishing_resistant" },
      private: { access: "open", watermark: false, stepUp: "mfa" },
    };
  if (count >= 3 && rank === count - 2)
    return {
      public: { access: "title_only", watermark: false, stepUp: "none" },
      shared: { access: "view_only", watermark: true, stepUp: "none" },
      private: OPEN,
    };
  return { public: OPEN, shared: OPEN, private: OPEN };
}

/**
 * The cell that applies: an undeclared or lapsed context counts as a public place (the most
 * careful column), so declaring can only open more.
 */
export function contextCellOf(rules: ContextRules, context: WorkContext | null): ContextCell {
  return rules[context ?? "public"];
}

/** The session's declaration, as the client sees it. */
export const DeclaredWorkContext = Type.Object({
  context: Type.Enum(WORK_CONTEXTS),
  expiresAt: Timestamp,
});
export type DeclaredWorkContext = Static<typeof DeclaredWorkContext>;

export const PutWorkContextRequest = Type.Object(
  { context: Type.Enum(WORK_CONTEXTS) },
  { additionalProperties: false },
);
export type PutWorkContextRequest = Static<typeof PutWorkContextRequest>;

export const WorkContextResponse = Type.Object({ workContext: DeclaredWorkContext });
export type WorkContextResponse = Static<typeof WorkContextResponse>;
