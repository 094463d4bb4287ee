import { NO_SESSION_CONTROLS, type CaGrantControl, type CaPolicyInput } from "@engawa/shared";
import { validate } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { AccessEngine, buildCedarSchema } from "../access/index.ts";
import { compilePolicies, readDecision } from "./compile.ts";
import { explain, type Verdict } from "./evaluate.ts";
import {
  cedarSignalsOf,
  deviceSignals,
  strengthOf,
  type CaPolicyRecord,
  type CaSignals,
} from "./signals.ts";

/**
 * Policy semantics (issue "Conditional access", acceptance 2), on a table of cases. Every case is
 * decided twice — by Cedar on the compiled policies (what enforces) and by the explainer (what
 * What-If and report-only tell) — and both must give the expected answer.
 */
const TENANT = "11111111-1111-4111-8111-111111111111";
const ALICE = "22222222-2222-4222-8222-222222222222";
const BOB = "33333333-3333-4333-8333-333333333333";
const OFFICE = "44444444-4444-4444-8444-444444444444";
const HOME = "55555555-5555-4555-8555-555555555555";
const SECRET = "66666666-6666-4666-8666-666666666666";
const INTERNAL = "77777777-7777-4777-8777-777777777777";
const NURSES = "88888888-8888-4888-8888-888888888888";
const TERMS = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const OTHER_TERMS = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const WARD = "99999999-9999-4999-8999-999999999999";

const none = { all: false, users: [], roles: [], guests: false, groups: [] as string[] };
let counter = 0;
function policy(
  overrides: Omit<Partial<CaPolicyInput>, "conditions"> & {
    conditions?: Partial<CaPolicyInput["conditions"]>;
  },
): CaPolicyRecord {
  counter += 1;
  const { conditions, ...rest } = overrides;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    tenantId: TENANT,
    name: `policy ${counter}`,
    state: "on",
    include: { ...none, all: true },
    exclude: none,
    apps: "all",
    userActions: [],
    grant: { block: false, operator: "all", controls: ["mfa"], termsOfUseId: null },
    session: NO_SESSION_CONTROLS,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...rest,
    conditions: {
      signInRisk: [],
      userRisk: [],
      platforms: [],
      excludePlatforms: [],
      clientTypes: [],
      locations: null,
      time: null,
      labels: [],
      ...conditions,
    },
  };
}

function signals(overrides: Partial<CaSignals> = {}): CaSignals {
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
    label: null,
    locations: [],
    trusted: false,
    country: "JP",
    signInRisk: "none",
    userRisk: "none",
    platform: "windows",
    clientType: "browser",
    // A Wednesday, 10:00 in Tokyo.
    at: new Date("2026-11-25T01:00:00Z"),
    mfa: false,
    phishingResistant: false,
    minutesSinceSignIn: 30,
    longestPauseMinutes: 2,
    workContext: null,
    ...overrides,
  };
}

const block = { block: true, operator: "all" as const, controls: [], termsOfUseId: null };
const terms = {
  block: false,
  operator: "all" as const,
  controls: ["terms_of_use" as const],
  termsOfUseId: TERMS,
};
/** A grant that asks nothing: the policy is there for its session controls. */
const sessionOnly = { block: false, operator: "all" as const, controls: [], termsOfUseId: null };
const mfa = {
  block: false,
  operator: "all" as const,
  controls: ["mfa" as const],
  termsOfUseId: null,
};
const strong = {
  block: false,
  operator: "all" as const,
  controls: ["phishing_resistant" as const],
  termsOfUseId: null,
};
const both = {
  block: false,
  operator: "all" as const,
  controls: ["mfa" as const, "phishing_resistant" as const],
  termsOfUseId: null,
};
const either = {
  block: false,
  operator: "one" as const,
  controls: ["mfa" as const, "phishing_resistant" as const],
  termsOfUseId: null,
};
const outsideOffice = { any: true, trusted: false, include: [], excludeTrusted: true, exclude: [] };

interface Case {
  name: string;
  policies: CaPolicyRecord[];
  signals: CaSignals;
  verdict: Verdict["verdict"];
  controls?: CaGrantControl[];
}

const CASES: Case[] = [
  { name: "no policy: allowed", policies: [], signals: signals(), verdict: "allow" },
  {
    name: "require MFA, none yet",
    policies: [policy({ grant: mfa })],
    signals: signals(),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "require MFA, passed",
    policies: [policy({ grant: mfa })],
    signals: signals({ mfa: true }),
    verdict: "allow",
  },
  {
    name: "block applies",
    policies: [policy({ grant: block })],
    signals: signals(),
    verdict: "block",
  },
  {
    name: "block wins over a satisfied grant",
    policies: [policy({ grant: mfa }), policy({ grant: block })],
    signals: signals({ mfa: true }),
    verdict: "block",
  },
  {
    name: "block wins over an unsatisfied grant",
    policies: [policy({ grant: strong }), policy({ grant: block })],
    signals: signals(),
    verdict: "block",
  },
  {
    name: "block wins whatever the session passed",
    policies: [policy({ grant: block })],
    signals: signals({ mfa: true, phishingResistant: true }),
    verdict: "block",
  },
  {
    name: "exclude beats include (user)",
    policies: [
      policy({
        grant: block,
        include: { ...none, users: [ALICE] },
        exclude: { ...none, users: [ALICE] },
      }),
    ],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "exclude beats include (all users, role excluded)",
    policies: [policy({ grant: block, exclude: { ...none, roles: ["admin"] } })],
    signals: signals({ role: "admin" }),
    verdict: "allow",
  },
  {
    name: "excluding a role leaves others included",
    policies: [policy({ grant: block, exclude: { ...none, roles: ["admin"] } })],
    signals: signals({ role: "member" }),
    verdict: "block",
  },
  {
    name: "exclude guests",
    policies: [policy({ grant: mfa, exclude: { ...none, guests: true } })],
    signals: signals({ role: "guest" }),
    verdict: "allow",
  },
  {
    name: "include only guests: member not assigned",
    policies: [policy({ grant: block, include: { ...none, guests: true } })],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "include only guests: guest blocked",
    policies: [policy({ grant: block, include: { ...none, guests: true } })],
    signals: signals({ role: "guest" }),
    verdict: "block",
  },
  {
    name: "include another user only",
    policies: [policy({ grant: block, include: { ...none, users: [BOB] } })],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "terms of use not accepted: asked for",
    policies: [policy({ grant: terms })],
    signals: signals(),
    verdict: "action_required",
    controls: ["terms_of_use"],
  },
  {
    name: "terms of use accepted in their current version",
    policies: [policy({ grant: terms })],
    signals: signals({ acceptedTerms: [TERMS] }),
    verdict: "allow",
  },
  {
    name: "other terms accepted do not count",
    policies: [policy({ grant: terms })],
    signals: signals({ acceptedTerms: [OTHER_TERMS] }),
    verdict: "action_required",
    controls: ["terms_of_use"],
  },
  {
    name: "MFA and terms: both asked, MFA first",
    policies: [policy({ grant: { ...terms, controls: ["mfa", "terms_of_use"] } })],
    signals: signals(),
    verdict: "action_required",
    controls: ["mfa", "terms_of_use"],
  },
  {
    name: "MFA or terms: accepting the terms is enough",
    policies: [policy({ grant: { ...terms, operator: "one", controls: ["mfa", "terms_of_use"] } })],
    signals: signals({ acceptedTerms: [TERMS] }),
    verdict: "allow",
  },
  {
    name: "terms from one policy, a passkey from another",
    policies: [policy({ grant: terms }), policy({ grant: strong })],
    signals: signals({ mfa: true }),
    verdict: "action_required",
    controls: ["phishing_resistant", "terms_of_use"],
  },
  {
    name: "include a group: a member of it is blocked",
    policies: [policy({ grant: block, include: { ...none, groups: [NURSES] } })],
    signals: signals({ groups: [WARD, NURSES] }),
    verdict: "block",
  },
  {
    name: "include a group: someone outside it is not assigned",
    policies: [policy({ grant: block, include: { ...none, groups: [NURSES] } })],
    signals: signals({ groups: [WARD] }),
    verdict: "allow",
  },
  {
    name: "exclude a group beats including everyone",
    policies: [policy({ grant: mfa, exclude: { ...none, groups: [WARD] } })],
    signals: signals({ groups: [WARD] }),
    verdict: "allow",
  },
  {
    name: "exclude a group beats including its member by name",
    policies: [
      policy({
        grant: block,
        include: { ...none, users: [ALICE] },
        exclude: { ...none, groups: [NURSES, WARD] },
      }),
    ],
    signals: signals({ groups: [NURSES] }),
    verdict: "allow",
  },
  {
    name: "a group or a role: either assigns",
    policies: [policy({ grant: mfa, include: { ...none, roles: ["admin"], groups: [NURSES] } })],
    signals: signals({ groups: [NURSES] }),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "exclude all: never applies",
    policies: [policy({ grant: block, exclude: { ...none, all: true } })],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "all-of: MFA passed, passkey missing",
    policies: [policy({ grant: both })],
    signals: signals({ mfa: true }),
    verdict: "action_required",
    controls: ["phishing_resistant"],
  },
  {
    name: "all-of: both passed",
    policies: [policy({ grant: both })],
    signals: signals({ mfa: true, phishingResistant: true }),
    verdict: "allow",
  },
  {
    name: "all-of: nothing passed asks both",
    policies: [policy({ grant: both })],
    signals: signals(),
    verdict: "action_required",
    controls: ["mfa", "phishing_resistant"],
  },
  {
    name: "one-of: MFA is enough",
    policies: [policy({ grant: either })],
    signals: signals({ mfa: true }),
    verdict: "allow",
  },
  {
    name: "one-of: nothing passed asks the first in order",
    policies: [policy({ grant: either })],
    signals: signals(),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "several policies: each must be satisfied",
    policies: [policy({ grant: mfa }), policy({ grant: strong })],
    signals: signals({ mfa: true }),
    verdict: "action_required",
    controls: ["phishing_resistant"],
  },
  {
    name: "several policies: all satisfied",
    policies: [policy({ grant: mfa }), policy({ grant: strong })],
    signals: signals({ mfa: true, phishingResistant: true }),
    verdict: "allow",
  },
  {
    name: "several policies: one does not apply",
    policies: [policy({ grant: strong, apps: ["admin"] }), policy({ grant: mfa })],
    signals: signals({ mfa: true }),
    verdict: "allow",
  },
  {
    name: "report-only is not enforced",
    policies: [policy({ grant: block, state: "report_only" })],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "off is not enforced",
    policies: [policy({ grant: block, state: "off" })],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "app not targeted",
    policies: [policy({ grant: block, apps: ["files"] })],
    signals: signals({ app: "chat" }),
    verdict: "allow",
  },
  {
    name: "app targeted",
    policies: [policy({ grant: block, apps: ["files"] })],
    signals: signals({ app: "files" }),
    verdict: "block",
  },
  {
    name: "user action targeted",
    policies: [policy({ grant: mfa, apps: [], userActions: ["register_security_info"] })],
    signals: signals({ app: null, userAction: "register_security_info" }),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "account action never targeted by all apps",
    policies: [policy({ grant: block })],
    signals: signals({ app: null }),
    verdict: "allow",
  },
  {
    name: "outside the trusted range: MFA",
    policies: [policy({ grant: mfa, conditions: { locations: outsideOffice } })],
    signals: signals({ locations: [], trusted: false }),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "inside the trusted range: no prompt",
    policies: [policy({ grant: mfa, conditions: { locations: outsideOffice } })],
    signals: signals({ locations: [OFFICE], trusted: true }),
    verdict: "allow",
  },
  {
    name: "selected location included",
    policies: [
      policy({
        grant: block,
        conditions: {
          locations: {
            any: false,
            trusted: false,
            include: [HOME],
            excludeTrusted: false,
            exclude: [],
          },
        },
      }),
    ],
    signals: signals({ locations: [HOME] }),
    verdict: "block",
  },
  {
    name: "selected location not matched",
    policies: [
      policy({
        grant: block,
        conditions: {
          locations: {
            any: false,
            trusted: false,
            include: [HOME],
            excludeTrusted: false,
            exclude: [],
          },
        },
      }),
    ],
    signals: signals({ locations: [OFFICE] }),
    verdict: "allow",
  },
  {
    name: "excluded location beats included",
    policies: [
      policy({
        grant: block,
        conditions: {
          locations: {
            any: false,
            trusted: false,
            include: [HOME],
            excludeTrusted: false,
            exclude: [HOME],
          },
        },
      }),
    ],
    signals: signals({ locations: [HOME] }),
    verdict: "allow",
  },
  {
    name: "sign-in risk matched",
    policies: [policy({ grant: mfa, conditions: { signInRisk: ["medium", "high"] } })],
    signals: signals({ signInRisk: "high" }),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "sign-in risk not matched",
    policies: [policy({ grant: mfa, conditions: { signInRisk: ["medium", "high"] } })],
    signals: signals({ signInRisk: "low" }),
    verdict: "allow",
  },
  {
    name: "user risk matched",
    policies: [policy({ grant: block, conditions: { userRisk: ["high"] } })],
    signals: signals({ userRisk: "high" }),
    verdict: "block",
  },
  {
    name: "platform included",
    policies: [policy({ grant: block, conditions: { platforms: ["android", "ios"] } })],
    signals: signals({ platform: "ios" }),
    verdict: "block",
  },
  {
    name: "platform excluded",
    policies: [policy({ grant: block, conditions: { excludePlatforms: ["windows", "macos"] } })],
    signals: signals({ platform: "windows" }),
    verdict: "allow",
  },
  {
    name: "any platform but the supported ones",
    policies: [policy({ grant: block, conditions: { excludePlatforms: ["windows", "macos"] } })],
    signals: signals({ platform: "other" }),
    verdict: "block",
  },
  {
    name: "client type not matched",
    policies: [policy({ grant: block, conditions: { clientTypes: ["other"] } })],
    signals: signals({ clientType: "browser" }),
    verdict: "allow",
  },
  {
    name: "client type matched",
    policies: [policy({ grant: block, conditions: { clientTypes: ["other"] } })],
    signals: signals({ clientType: "other" }),
    verdict: "block",
  },
  {
    name: "compliant device asked, device registered but not compliant",
    policies: [policy({ grant: { ...mfa, controls: ["compliant_device"] } })],
    signals: signals(deviceSignals({ registered: true, compliant: false })),
    verdict: "action_required",
    controls: ["compliant_device"],
  },
  {
    name: "registered device asked, device compliant",
    policies: [policy({ grant: { ...mfa, controls: ["registered_device"] } })],
    signals: signals(deviceSignals({ registered: true, compliant: true })),
    verdict: "allow",
  },
  {
    name: "device controls at a sign-in: decided on the requests that follow",
    policies: [policy({ grant: { ...mfa, controls: ["registered_device", "compliant_device"] } })],
    signals: signals(deviceSignals(null)),
    verdict: "allow",
  },
  {
    name: "block unregistered devices, none registered",
    policies: [policy({ grant: block, conditions: { deviceStates: ["unregistered"] } })],
    signals: signals(deviceSignals({ registered: false, compliant: false })),
    verdict: "block",
  },
  {
    name: "block unregistered devices, a registered one",
    policies: [policy({ grant: block, conditions: { deviceStates: ["unregistered"] } })],
    signals: signals(deviceSignals({ registered: true, compliant: false })),
    verdict: "allow",
  },
  {
    name: "MFA on devices that are not compliant, a registered one",
    policies: [
      policy({ grant: mfa, conditions: { deviceStates: ["unregistered", "registered"] } }),
    ],
    signals: signals(deviceSignals({ registered: true, compliant: false })),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "MFA on devices that are not compliant, a compliant one",
    policies: [
      policy({ grant: mfa, conditions: { deviceStates: ["unregistered", "registered"] } }),
    ],
    signals: signals(deviceSignals({ registered: true, compliant: true })),
    verdict: "allow",
  },
  {
    name: "a device-state condition does not hold at a sign-in",
    policies: [policy({ grant: block, conditions: { deviceStates: ["unregistered"] } })],
    signals: signals(deviceSignals(null)),
    verdict: "allow",
  },
  {
    name: "a policy saved before the device-state condition: any device",
    policies: [policy({ grant: block, conditions: { deviceStates: undefined } })],
    signals: signals(deviceSignals({ registered: false, compliant: false })),
    verdict: "block",
  },
  {
    name: "within the hours",
    policies: [
      policy({
        grant: block,
        conditions: { time: { days: [3], start: "09:00", end: "18:00", timeZone: "Asia/Tokyo" } },
      }),
    ],
    signals: signals(),
    verdict: "block",
  },
  {
    name: "outside the hours",
    policies: [
      policy({
        grant: block,
        conditions: { time: { days: [3], start: "11:00", end: "18:00", timeZone: "Asia/Tokyo" } },
      }),
    ],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "another day",
    policies: [
      policy({
        grant: block,
        conditions: {
          time: { days: [0, 6], start: "00:00", end: "23:59", timeZone: "Asia/Tokyo" },
        },
      }),
    ],
    signals: signals(),
    verdict: "allow",
  },
  {
    name: "night shift past midnight (Tuesday 22:00 – 07:00, Wednesday 02:00)",
    policies: [
      policy({
        grant: block,
        conditions: { time: { days: [2], start: "22:00", end: "07:00", timeZone: "Asia/Tokyo" } },
      }),
    ],
    signals: signals({ at: new Date("2026-11-24T17:00:00Z") }),
    verdict: "block",
  },
  {
    name: "conditions are ANDed: one fails",
    policies: [policy({ grant: block, conditions: { platforms: ["ios"], signInRisk: ["high"] } })],
    signals: signals({ platform: "ios", signInRisk: "low" }),
    verdict: "allow",
  },
  {
    name: "conditions are ANDed: all hold",
    policies: [policy({ grant: block, conditions: { platforms: ["ios"], signInRisk: ["high"] } })],
    signals: signals({ platform: "ios", signInRisk: "high" }),
    verdict: "block",
  },
  {
    name: "view-only: a download is refused",
    policies: [
      policy({
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, viewOnly: true },
      }),
    ],
    signals: signals({ app: "files", download: true }),
    verdict: "view_only",
  },
  {
    name: "view-only: viewing is allowed",
    policies: [
      policy({
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, viewOnly: true },
      }),
    ],
    signals: signals({ app: "files" }),
    verdict: "allow",
  },
  {
    name: "view-only: an export is refused too",
    policies: [
      policy({
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, viewOnly: true },
      }),
    ],
    signals: signals({ app: "admin", download: true }),
    verdict: "view_only",
  },
  {
    name: "view-only waits for the grant: MFA first",
    policies: [policy({ grant: mfa, session: { ...NO_SESSION_CONTROLS, viewOnly: true } })],
    signals: signals({ app: "files", download: true }),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "view-only after MFA",
    policies: [policy({ grant: mfa, session: { ...NO_SESSION_CONTROLS, viewOnly: true } })],
    signals: signals({ app: "files", download: true, mfa: true }),
    verdict: "view_only",
  },
  {
    name: "view-only of another app does not apply",
    policies: [
      policy({
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, viewOnly: true },
        apps: ["admin"],
      }),
    ],
    signals: signals({ app: "files", download: true }),
    verdict: "allow",
  },
  {
    name: "view-only for someone else does not apply",
    policies: [
      policy({
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, viewOnly: true },
        exclude: { ...none, users: [ALICE] },
      }),
    ],
    signals: signals({ app: "files", download: true }),
    verdict: "allow",
  },
  {
    name: "block wins over view-only",
    policies: [
      policy({
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, viewOnly: true },
      }),
      policy({ grant: block }),
    ],
    signals: signals({ app: "files", download: true }),
    verdict: "block",
  },
  {
    name: "sign-in frequency: a recent sign-in is enough",
    policies: [
      policy({
        grant: sessionOnly,
        session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 60 },
      }),
    ],
    signals: signals({ minutesSinceSignIn: 59 }),
    verdict: "allow",
  },
  {
    name: "sign-in frequency: an older one asks to sign in again",
    policies: [
      policy({
        grant: sessionOnly,
        session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 60 },
      }),
    ],
    signals: signals({ minutesSinceSignIn: 60 }),
    verdict: "reauthenticate",
  },
  {
    name: "idle timeout: a short pause is fine",
    policies: [
      policy({ grant: sessionOnly, session: { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 15 } }),
    ],
    signals: signals({ longestPauseMinutes: 14, minutesSinceSignIn: 600 }),
    verdict: "allow",
  },
  {
    name: "idle timeout: a long pause asks to sign in again",
    policies: [
      policy({ grant: sessionOnly, session: { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 15 } }),
    ],
    signals: signals({ longestPauseMinutes: 15 }),
    verdict: "reauthenticate",
  },
  {
    name: "sign-in frequency of another app does not apply",
    policies: [
      policy({
        grant: sessionOnly,
        apps: ["files"],
        session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 60 },
      }),
    ],
    signals: signals({ minutesSinceSignIn: 600 }),
    verdict: "allow",
  },
  {
    name: "sign-in frequency for someone excluded does not apply",
    policies: [
      policy({
        grant: sessionOnly,
        exclude: { ...none, users: [ALICE] },
        session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 60 },
      }),
    ],
    signals: signals({ minutesSinceSignIn: 600 }),
    verdict: "allow",
  },
  {
    name: "a missing factor is asked first: its confirmation renews the sign-in too",
    policies: [
      policy({ grant: mfa, session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 60 } }),
    ],
    signals: signals({ minutesSinceSignIn: 600 }),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "with the factor, a lapsed sign-in asks to sign in again",
    policies: [
      policy({ grant: mfa, session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 60 } }),
    ],
    signals: signals({ minutesSinceSignIn: 600, mfa: true }),
    verdict: "reauthenticate",
  },
  {
    name: "another policy's factor is asked before a lapse",
    policies: [
      policy({ grant: sessionOnly, session: { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 15 } }),
      policy({ grant: strong }),
    ],
    signals: signals({ longestPauseMinutes: 30, mfa: true }),
    verdict: "action_required",
    controls: ["phishing_resistant"],
  },
  {
    name: "block wins over a lapse",
    policies: [
      policy({ grant: sessionOnly, session: { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 15 } }),
      policy({ grant: block, apps: ["chat"] }),
    ],
    signals: signals({ longestPauseMinutes: 30 }),
    verdict: "block",
  },
  {
    name: "a lapse comes before view-only",
    policies: [
      policy({
        grant: sessionOnly,
        session: { ...NO_SESSION_CONTROLS, viewOnly: true, signInFrequencyMinutes: 60 },
      }),
    ],
    signals: signals({ app: "files", download: true, minutesSinceSignIn: 90 }),
    verdict: "reauthenticate",
  },
  {
    name: "a report-only lapse is not enforced",
    policies: [
      policy({
        grant: sessionOnly,
        state: "report_only",
        session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 60 },
      }),
    ],
    signals: signals({ minutesSinceSignIn: 600 }),
    verdict: "allow",
  },
  {
    name: "a labelled team's content: the label's policy applies",
    policies: [policy({ grant: mfa, conditions: { labels: [SECRET] } })],
    signals: signals({ app: "files", label: SECRET }),
    verdict: "action_required",
    controls: ["mfa"],
  },
  {
    name: "another label: the policy does not apply",
    policies: [policy({ grant: mfa, conditions: { labels: [SECRET] } })],
    signals: signals({ app: "files", label: INTERNAL }),
    verdict: "allow",
  },
  {
    name: "no label: a label condition does not apply",
    policies: [policy({ grant: mfa, conditions: { labels: [SECRET] } })],
    signals: signals({ app: "files" }),
    verdict: "allow",
  },
  {
    name: "labels listed: any of them",
    policies: [policy({ grant: block, conditions: { labels: [INTERNAL, SECRET] } })],
    signals: signals({ app: "files", label: INTERNAL }),
    verdict: "block",
  },
];

const ACTION_OF = {
  chat: "team.list",
  files: "team.list",
  meetings: "team.list",
  admin: "audit.read",
} as const;

describe("conditional access semantics: Cedar and the explainer agree with the table", () => {
  const engine = new AccessEngine();
  CASES.forEach((c, index) => {
    it(c.name, () => {
      const explained = explain(c.policies, c.signals);
      expect(explained.verdict).toBe(c.verdict);
      expect(explained.controls).toEqual(c.controls ?? []);

      const { text, rules } = compilePolicies(TENANT, c.policies);
      const set = engine.loadConditionalSet(TENANT, `case${index}`, text);
      const subject = {
        kind: "User" as const,
        id: c.signals.userId,
        tenantId: TENANT,
        role: c.signals.role,
        sessionStage: "complete",
        recentlyAuthenticated: true,
      };
      const action = c.signals.download
        ? c.signals.app === "admin"
          ? "audit.export"
          : "file.download"
        : c.signals.userAction === "register_security_info"
          ? "mfa.recovery_codes.regenerate"
          : c.signals.app === null
            ? "session.read"
            : c.signals.app === "files"
              ? "file.list"
              : ACTION_OF[c.signals.app];
      const target =
        action === "file.list" || action === "file.download"
          ? {
              kind: "Channel" as const,
              id: "c1",
              tenantId: TENANT,
              channelKind: "standard",
              callerAccess: "member",
              callerTeamRole: "member",
              label: c.signals.label ?? "none",
            }
          : action === "session.read" || action === "mfa.recovery_codes.regenerate"
            ? {
                kind: "User" as const,
                id: c.signals.userId,
                tenantId: TENANT,
                role: c.signals.role,
              }
            : { kind: "Tenant" as const, id: TENANT };
      const decision = engine.decideConditional(
        set,
        { subject, action, target },
        cedarSignalsOf(c.signals, c.policies),
      );
      const read = readDecision(decision.allowed, decision.policies, rules);
      expect(read.verdict).toBe(c.verdict);
      expect(read.controls).toEqual(c.controls ?? []);
    });
  });

  it("compiles every case into policies that validate strictly against the schema", () => {
    const all = CASES.flatMap((c) => c.policies);
    const answer = validate({
      schema: buildCedarSchema(),
      policies: { staticPolicies: compilePolicies(TENANT, all).text },
      validationSettings: { mode: "strict" },
    });
    expect(answer.type).toBe("success");
    if (answer.type === "success") {
      expect(answer.validationErrors).toEqual([]);
      expect(answer.validationWarnings).toEqual([]);
    }
  });

  it("names the policy that refused", () => {
    const blocking = policy({ grant: block });
    const { text, rules } = compilePolicies(TENANT, [
      policy({ grant: mfa, apps: ["admin"] }),
      blocking,
    ]);
    const set = engine.loadConditionalSet(TENANT, "named", text);
    const decision = engine.decideConditional(
      set,
      {
        subject: {
          kind: "User",
          id: ALICE,
          tenantId: TENANT,
          role: "member",
          sessionStage: "complete",
        },
        action: "team.list",
        target: { kind: "Tenant", id: TENANT },
      },
      cedarSignalsOf(signals(), []),
    );
    expect(readDecision(decision.allowed, decision.policies, rules).policyIds).toEqual([
      blocking.id,
    ]);
  });

  it("tells a watermark only when access is granted and the policy applies", () => {
    const marked = policy({
      grant: sessionOnly,
      conditions: { labels: [SECRET] },
      session: { ...NO_SESSION_CONTROLS, watermark: true },
    });
    expect(explain([marked], signals({ label: SECRET }))).toMatchObject({
      verdict: "allow",
      watermark: true,
    });
    expect(explain([marked], signals({ label: INTERNAL })).watermark).toBe(false);
    expect(
      explain([{ ...marked, state: "report_only" }], signals({ label: SECRET })).watermark,
    ).toBe(false);
    expect(explain([marked, policy({ grant: mfa })], signals({ label: SECRET }))).toMatchObject({
      verdict: "action_required",
      watermark: false,
    });
    expect(
      explain([marked, policy({ grant: mfa })], signals({ label: SECRET, mfa: true })).watermark,
    ).toBe(true);
  });

  it("counts a session as multi-factor only with a possession factor", () => {
    expect(strengthOf("password")).toEqual({ mfa: false, phishingResistant: false });
    expect(strengthOf("oidc")).toEqual({ mfa: false, phishingResistant: false });
    // Single sign-on, then the local password at a step-up: two things one knows.
    expect(strengthOf("oidc+password")).toEqual({ mfa: false, phishingResistant: false });
    expect(strengthOf("password+totp")).toEqual({ mfa: true, phishingResistant: false });
    expect(strengthOf("password+recovery_code")).toEqual({ mfa: true, phishingResistant: false });
    expect(strengthOf("passkey")).toEqual({ mfa: true, phishingResistant: true });
    expect(strengthOf("oidc+passkey")).toEqual({ mfa: true, phishingResistant: true });
  });

  it("tells What-If the first condition that did not hold", () => {
    const p = policy({ grant: block, apps: ["admin"], conditions: { platforms: ["ios"] } });
    expect(explain([p], signals()).outcomes[0]).toMatchObject({
      result: "not_applied",
      unmet: "apps",
    });
    expect(explain([p], signals({ app: "admin" })).outcomes[0]).toMatchObject({
      unmet: "platform",
    });
    const q = policy({ grant: mfa, include: { ...none, users: [BOB] } });
    expect(explain([q], signals()).outcomes[0]).toMatchObject({ unmet: "users" });
    const r = policy({ grant: mfa, exclude: { ...none, users: [ALICE] } });
    expect(explain([r], signals()).outcomes[0]).toMatchObject({ unmet: "excluded" });
    const s = policy({ grant: mfa, conditions: { locations: outsideOffice } });
    expect(explain([s], signals({ trusted: true, locations: [OFFICE] })).outcomes[0]).toMatchObject(
      {
        unmet: "excluded_location",
      },
    );
  });
});
