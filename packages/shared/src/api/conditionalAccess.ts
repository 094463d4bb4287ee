import { Type, type Static } from "typebox";
import { TENANT_ROLES } from "../roles.ts";
import { Slug, Uuid } from "./common.ts";
import { RiskLevel } from "./risk.ts";
import { ContextCell, WORK_CONTEXTS } from "./workContext.ts";

/**
 * Conditional access in the shape admins know from Microsoft Entra ID (zero-trust-anchors.md §1,
 * §8.1–8.4): a policy is assignments (who, which apps) and conditions (risk, platform, place,
 * client, time) that, when they all hold, ask for grant controls (block, MFA, an authentication
 * strength) and session controls.
 */

/**
 * What a policy can target. Apps group the actions of the catalogue; "user actions" are single
 * sensitive steps (Entra's "register security information"). Account actions — reading one's own
 * session, signing out, confirming a second factor — are never targeted by "all apps", so a user
 * can always satisfy what a policy asks of them.
 */
export const CA_APPS = ["chat", "files", "meetings", "admin"] as const;
export type CaApp = (typeof CA_APPS)[number];
export const CA_USER_ACTIONS = ["register_security_info", "export_data"] as const;
export type CaUserAction = (typeof CA_USER_ACTIONS)[number];

/** Device platform, read from the User-Agent: unverified, so use it to block or with other controls. */
export const CA_PLATFORMS = [
  "windows",
  "macos",
  "linux",
  "android",
  "ios",
  "chromeos",
  "other",
] as const;
export type CaPlatform = (typeof CA_PLATFORMS)[number];
/** `browser`: the web client; `other`: scripts, the CLI and other clients without a browser. */
export const CA_CLIENT_TYPES = ["browser", "other"] as const;
export type CaClientType = (typeof CA_CLIENT_TYPES)[number];

/**
 * Grant controls, in Entra's prompt order. `mfa`: the session passed two factors (a passkey
 * counts); `phishing_resistant`: it used a passkey (NIST SP 800-63B AAL3-style authenticator);
 * `terms_of_use`: the person accepted the current version of the policy's terms of use;
 * `registered_device`: the session is bound to a registered device that is not blocked (its
 * requests proven with the device's key); `compliant_device`: that device — or the computer whose
 * engawa-agent it is linked to — meets the organisation's compliance rules now.
 */
export const CA_GRANT_CONTROLS = [
  "mfa",
  "phishing_resistant",
  "terms_of_use",
  "registered_device",
  "compliant_device",
] as const;
export type CaGrantControl = (typeof CA_GRANT_CONTROLS)[number];

/**
 * Device state, a condition (Entra's "filter for devices" on `isCompliant` and `trustType`,
 * zero-trust-anchors.md §1.1): what the session's device is now, the strongest that holds —
 * `unregistered` (no registered device proves the session's requests), `registered` (bound to a
 * registered device that is not blocked, but not compliant), `compliant` (it, or the computer its
 * engawa-agent is linked to, meets the compliance rules). A policy with this condition applies
 * to requests, not to the sign-in: a session proves its device on the requests that follow.
 */
export const CA_DEVICE_STATES = ["unregistered", "registered", "compliant"] as const;
export type CaDeviceState = (typeof CA_DEVICE_STATES)[number];

/** The device states a policy's condition lists (none — any device — for one saved before it existed). */
export function deviceStatesOf(conditions: CaConditions): readonly CaDeviceState[] {
  return conditions.deviceStates ?? [];
}

export const CA_POLICY_STATES = ["on", "report_only", "off"] as const;
export type CaPolicyState = (typeof CA_POLICY_STATES)[number];

const Ids = Type.Array(Uuid, { maxItems: 500, uniqueItems: true });

export const CaUserSet = Type.Object(
  {
    /** Everyone of the organisation, guests included. */
    all: Type.Boolean(),
    users: Ids,
    roles: Type.Array(Type.Enum(TENANT_ROLES), { maxItems: 4, uniqueItems: true }),
    /** Every guest account. */
    guests: Type.Boolean(),
    /** Members of these groups (provisioned over SCIM), as the group is at each request. */
    groups: Ids,
  },
  { additionalProperties: false },
);
export type CaUserSet = Static<typeof CaUserSet>;

export const CaLocationCondition = Type.Object(
  {
    /** Any place; otherwise the trusted locations and/or the listed ones. */
    any: Type.Boolean(),
    trusted: Type.Boolean(),
    include: Ids,
    excludeTrusted: Type.Boolean(),
    exclude: Ids,
  },
  { additionalProperties: false },
);
export type CaLocationCondition = Static<typeof CaLocationCondition>;

const Clock = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$", description: "HH:MM" });

export const CaTimeCondition = Type.Object(
  {
    /** 0 = Sunday … 6 = Saturday. */
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
      minItems: 1,
      maxItems: 7,
      uniqueItems: true,
    }),
    /** Start (inclusive) and end (exclusive); an end before the start runs past midnight. */
    start: Clock,
    end: Clock,
    /** IANA time zone the clock is read in, e.g. `Asia/Tokyo`. */
    timeZone: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: "^[A-Za-z_+-]+(/[A-Za-z0-9_+-]+)*$",
    }),
  },
  { additionalProperties: false },
);
export type CaTimeCondition = Static<typeof CaTimeCondition>;

/** Each condition left out (or empty) applies to every value. */
export const CaConditions = Type.Object(
  {
    signInRisk: Type.Array(RiskLevel, { maxItems: 4, uniqueItems: true }),
    userRisk: Type.Array(RiskLevel, { maxItems: 4, uniqueItems: true }),
    platforms: Type.Array(Type.Enum(CA_PLATFORMS), { maxItems: 7, uniqueItems: true }),
    excludePlatforms: Type.Array(Type.Enum(CA_PLATFORMS), { maxItems: 7, uniqueItems: true }),
    clientTypes: Type.Array(Type.Enum(CA_CLIENT_TYPES), { maxItems: 2, uniqueItems: true }),
    locations: Type.Union([CaLocationCondition, Type.Null()]),
    time: Type.Union([CaTimeCondition, Type.Null()]),
    /** Sensitivity labels (ids): the policy applies to resources of teams carrying one of them. */
    labels: Ids,
    /** The session's device is in one of these states (left out or empty: any device). */
    deviceStates: Type.Optional(
      Type.Array(Type.Enum(CA_DEVICE_STATES), { maxItems: 3, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);
export type CaConditions = Static<typeof CaConditions>;

export const CaGrant = Type.Object(
  {
    /** Block wins over every other policy's answer. */
    block: Type.Boolean(),
    /** `all`: every control; `one`: any one of them. */
    operator: Type.Enum(["all", "one"] as const),
    controls: Type.Array(Type.Enum(CA_GRANT_CONTROLS), { maxItems: 5, uniqueItems: true }),
    /** The terms of use to accept, when `terms_of_use` is among the controls (and only then). */
    termsOfUseId: Type.Union([Uuid, Type.Null()]),
  },
  { additionalProperties: false },
);
export type CaGrant = Static<typeof CaGrant>;

/** Sign-in frequency: from a minute (a hospital's shared terminal) to a year, in minutes. */
export const SIGN_IN_FREQUENCY_MINUTES = { min: 1, max: 525_600 } as const;
/**
 * Idle timeout of the policy's apps, in minutes. Pauses are measured at the session's touches
 * (at most one a minute), so a shorter timeout than five minutes could not be told apart from
 * steady use.
 */
export const IDLE_TIMEOUT_MINUTES = { min: 5, max: 1440 } as const;

/**
 * Session controls (zero-trust-anchors.md §8.4, app-enforced restrictions), applied once the
 * grant is satisfied:
 * - `viewOnly` lets the session see files and messages but refuses every download and export;
 * - `watermark` lays the viewer's name over a channel's messages (a photo of the screen names
 *   who took it), as the work-context matrix's cells can;
 * - `signInFrequencyMinutes` (Entra's "sign-in frequency"): the policy's apps ask the person to
 *   confirm it is them again once their last sign-in or confirmation is this old;
 * - `idleTimeoutMinutes`: the same, once the session has paused this long since then (Entra signs
 *   out; here the page stays and the confirmation carries on from it).
 */
export const CaSessionControls = Type.Object(
  {
    viewOnly: Type.Boolean(),
    watermark: Type.Boolean(),
    signInFrequencyMinutes: Type.Union([
      Type.Integer({
        minimum: SIGN_IN_FREQUENCY_MINUTES.min,
        maximum: SIGN_IN_FREQUENCY_MINUTES.max,
      }),
      Type.Null(),
    ]),
    idleTimeoutMinutes: Type.Union([
      Type.Integer({ minimum: IDLE_TIMEOUT_MINUTES.min, maximum: IDLE_TIMEOUT_MINUTES.max }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
export type CaSessionControls = Static<typeof CaSessionControls>;

/** Whether any session control is set: a policy with neither a grant control nor one asks nothing. */
export function hasSessionControl(session: CaSessionControls): boolean {
  return (
    session.viewOnly ||
    session.watermark ||
    session.signInFrequencyMinutes !== null ||
    session.idleTimeoutMinutes !== null
  );
}

/** No session control: what a policy that only grants (or blocks) carries. */
export const NO_SESSION_CONTROLS: CaSessionControls = {
  viewOnly: false,
  watermark: false,
  signInFrequencyMinutes: null,
  idleTimeoutMinutes: null,
};

export const CaPolicyInput = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
    }),
    state: Type.Enum(CA_POLICY_STATES),
    include: CaUserSet,
    exclude: CaUserSet,
    /** `all` or a list of apps; user actions are targeted only when listed. */
    apps: Type.Union([
      Type.Literal("all"),
      Type.Array(Type.Enum(CA_APPS), { maxItems: 4, uniqueItems: true }),
    ]),
    userActions: Type.Array(Type.Enum(CA_USER_ACTIONS), { maxItems: 2, uniqueItems: true }),
    conditions: CaConditions,
    grant: CaGrant,
    session: CaSessionControls,
  },
  { additionalProperties: false },
);
export type CaPolicyInput = Static<typeof CaPolicyInput>;

/** Nobody: an empty include or exclude. */
export const NOBODY: CaUserSet = { all: false, users: [], roles: [], guests: false, groups: [] };

/**
 * Entra's template "require MFA for everyone" with no conditions, report-only: where a new policy
 * starts (the policy form, tests), the caller naming it and changing what differs.
 */
export function mfaForEveryonePolicy(name: string): CaPolicyInput {
  return {
    name,
    state: "report_only",
    include: { ...NOBODY, all: true },
    exclude: NOBODY,
    apps: "all",
    userActions: [],
    conditions: {
      signInRisk: [],
      userRisk: [],
      platforms: [],
      excludePlatforms: [],
      clientTypes: [],
      locations: null,
      time: null,
      labels: [],
    },
    grant: { block: false, operator: "all", controls: ["mfa"], termsOfUseId: null },
    session: NO_SESSION_CONTROLS,
  };
}

export const CaPolicy = Type.Intersect([
  CaPolicyInput,
  Type.Object({
    id: Uuid,
    createdAt: Type.String(),
    updatedAt: Type.String(),
    /** Report-only results of the last 30 days: how many sign-ins each result had. */
    report: Type.Object({
      success: Type.Integer(),
      failure: Type.Integer(),
      actionRequired: Type.Integer(),
      notApplied: Type.Integer(),
    }),
  }),
]);
export type CaPolicy = Static<typeof CaPolicy>;

export const CaPolicyResponse = Type.Object({ policy: CaPolicy });
export type CaPolicyResponse = Static<typeof CaPolicyResponse>;
export const CaPoliciesResponse = Type.Object({ policies: Type.Array(CaPolicy) });
export type CaPoliciesResponse = Static<typeof CaPoliciesResponse>;
export const CaPolicyParams = Type.Object(
  { tenant: Slug, policyId: Uuid },
  { additionalProperties: false },
);
export type CaPolicyParams = Static<typeof CaPolicyParams>;

/** ISO 3166-1 alpha-2 country codes (upper case). */
const Country = Type.String({ pattern: "^[A-Z]{2}$" });

export const NamedLocationInput = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
    }),
    /** IPv4 or IPv6 CIDR ranges (a bare address is a single-address range). */
    ranges: Type.Array(Type.String({ minLength: 2, maxLength: 64 }), {
      maxItems: 2000,
      uniqueItems: true,
    }),
    countries: Type.Array(Country, { maxItems: 250, uniqueItems: true }),
    /** Also match addresses whose country is unknown. */
    includeUnknownCountry: Type.Boolean(),
    /** Only ranges can be trusted (a country is too coarse to trust). */
    trusted: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type NamedLocationInput = Static<typeof NamedLocationInput>;

export const NamedLocation = Type.Intersect([
  NamedLocationInput,
  Type.Object({ id: Uuid, updatedAt: Type.String() }),
]);
export type NamedLocation = Static<typeof NamedLocation>;
export const NamedLocationResponse = Type.Object({ location: NamedLocation });
export type NamedLocationResponse = Static<typeof NamedLocationResponse>;
export const NamedLocationsResponse = Type.Object({ locations: Type.Array(NamedLocation) });
export type NamedLocationsResponse = Static<typeof NamedLocationsResponse>;
export const NamedLocationParams = Type.Object(
  { tenant: Slug, locationId: Uuid },
  { additionalProperties: false },
);
export type NamedLocationParams = Static<typeof NamedLocationParams>;

/** What-If: the sign-in or request to imagine (Entra's required inputs plus the optional ones). */
export const WhatIfRequest = Type.Object(
  {
    userId: Uuid,
    app: Type.Enum(CA_APPS),
    userAction: Type.Optional(Type.Enum(CA_USER_ACTIONS)),
    clientType: Type.Enum(CA_CLIENT_TYPES),
    platform: Type.Enum(CA_PLATFORMS),
    ip: Type.String({ minLength: 2, maxLength: 45 }),
    /** ISO 8601 instant; default now. */
    at: Type.Optional(Type.String({ format: "date-time" })),
    signInRisk: RiskLevel,
    userRisk: RiskLevel,
    /** The sensitivity label of the team reached (none when left out). */
    labelId: Type.Optional(Uuid),
    /** What the session has already passed. */
    mfa: Type.Boolean(),
    phishingResistant: Type.Boolean(),
    /** Where the person says they are working (not declared when left out). */
    workContext: Type.Optional(Type.Enum(WORK_CONTEXTS)),
    /** The person accepted the organisation's terms of use in their current version. */
    termsAccepted: Type.Optional(Type.Boolean()),
    /** The session is bound to a registered device (false when left out). */
    deviceRegistered: Type.Optional(Type.Boolean()),
    /** That device meets the compliance rules (false when left out). */
    deviceCompliant: Type.Optional(Type.Boolean()),
    /** Minutes since the person last signed in or confirmed it was them (0 when left out). */
    minutesSinceSignIn: Type.Optional(
      Type.Integer({ minimum: 0, maximum: SIGN_IN_FREQUENCY_MINUTES.max * 2 }),
    ),
    /** The longest pause of the session since then, in minutes (0 when left out). */
    longestPauseMinutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: SIGN_IN_FREQUENCY_MINUTES.max * 2 }),
    ),
  },
  { additionalProperties: false },
);
export type WhatIfRequest = Static<typeof WhatIfRequest>;

/** The condition that did not hold (the first, in the order the policy form shows them). */
export const CA_UNMET = [
  "users",
  "excluded",
  "apps",
  "sign_in_risk",
  "user_risk",
  "platform",
  "excluded_platform",
  "location",
  "excluded_location",
  "client_type",
  "time",
  "label",
  "device_state",
] as const;
export type CaUnmet = (typeof CA_UNMET)[number];

export const CA_RESULTS = [
  "not_applied",
  "success",
  "failure",
  "action_required",
  /** The grant holds, but the policy's sign-in frequency or idle timeout asks to sign in again. */
  "reauthenticate",
  "view_only",
] as const;
export type CaResult = (typeof CA_RESULTS)[number];

export const WhatIfPolicyResult = Type.Object({
  policyId: Uuid,
  name: Type.String(),
  state: Type.Enum(CA_POLICY_STATES),
  result: Type.Enum(CA_RESULTS),
  /** Set when the policy did not apply. */
  unmet: Type.Union([Type.Enum(CA_UNMET), Type.Null()]),
  /** Controls still to satisfy (action_required) — with `one`, any one of them. */
  controls: Type.Array(Type.Enum(CA_GRANT_CONTROLS)),
});
export type WhatIfPolicyResult = Static<typeof WhatIfPolicyResult>;

export const WhatIfResponse = Type.Object({
  /** What enforced policies together decide. */
  verdict: Type.Enum(["allow", "block", "action_required", "reauthenticate", "view_only"] as const),
  /** Whether a policy that applies lays a watermark over what is shown (when access is granted). */
  watermark: Type.Boolean(),
  controls: Type.Array(Type.Enum(CA_GRANT_CONTROLS)),
  /** Country the address was placed in, and the named locations it falls in. */
  country: Type.Union([Type.String(), Type.Null()]),
  locations: Type.Array(Uuid),
  policies: Type.Array(WhatIfPolicyResult),
  /** The label × work-context matrix's cell for the label and context (null: off or no label). */
  workContextCell: Type.Union([ContextCell, Type.Null()]),
});
export type WhatIfResponse = Static<typeof WhatIfResponse>;

const ADMIN_PREFIXES = [
  "user.",
  "audit.",
  "tenant.settings.",
  "sso.",
  "risk.signins.",
  "risk.users.",
  "risk.settings.",
  "risk.user.",
  "scim.token.",
  "group.list",
  "conditional_access.",
  "label.update",
  "device.manage.",
  "meeting_policy.",
];
const CHAT_PREFIXES = [
  "team.",
  "channel.",
  "message.",
  "chat.",
  "people.",
  "notification.",
  "presence.",
  "search.",
  "realtime.",
  "label.list",
];

/**
 * The app a catalogue action belongs to, for the "target resources" of a policy; `null` for the
 * account's own actions (session, password, second factors, one's own sign-ins) and for actions of
 * operators, SCIM clients and the host CLI, which conditional access does not govern.
 */
export function caAppOf(action: string): CaApp | null {
  if (action.startsWith("file.")) return "files";
  if (action.startsWith("meeting.")) return "meetings";
  if (ADMIN_PREFIXES.some((p) => action.startsWith(p))) return "admin";
  if (CHAT_PREFIXES.some((p) => action.startsWith(p))) return "chat";
  return null;
}

/** Actions that hand data out of Engawa (a file's bytes, an export): a view-only session may not. */
export function caIsDownload(action: string): boolean {
  return (
    action === "file.download" || action === "audit.export" || action === "meeting.invite.download"
  );
}

/** The user action (Entra's "register security information") an action is, if any. */
export function caUserActionOf(action: string): CaUserAction | null {
  if (
    action === "mfa.enroll" ||
    action === "mfa.remove" ||
    action === "mfa.recovery_codes.regenerate"
  )
    return "register_security_info";
  if (action === "audit.export") return "export_data";
  return null;
}

/** A group of the organisation, as the policy form offers it. */
export const GroupSummary = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  memberCount: Type.Integer({ minimum: 0 }),
});
export type GroupSummary = Static<typeof GroupSummary>;
export const GroupsResponse = Type.Object({ groups: Type.Array(GroupSummary) });
export type GroupsResponse = Static<typeof GroupsResponse>;
