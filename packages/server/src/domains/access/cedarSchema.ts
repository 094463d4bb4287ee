import {
  ACTIONS,
  caAppOf,
  caIsDownload,
  caUserActionOf,
  type ActionGroup,
  type ActionSpec,
  type CaApp,
  type CaUserAction,
  type PrincipalKind,
} from "@engawa/shared";
import type { ActionType, EntityType, SchemaJson } from "@cedar-policy/cedar-wasm/nodejs";

export const NAMESPACE = "Engawa";

type Attributes = Record<string, { type: "String" | "Entity"; name?: string; required: boolean }>;
const str = { type: "String", required: true } as const;

/** An entity of one tenant, with a `tenant` attribute and the tenant as parent. */
function tenantOwned(attributes: Attributes): EntityType<string> {
  return {
    memberOfTypes: ["Tenant"],
    shape: {
      type: "Record",
      attributes: { tenant: { type: "Entity", name: "Tenant", required: true }, ...attributes },
    },
  };
}

const PRINCIPAL_KINDS: readonly PrincipalKind[] = [
  "User",
  "Operator",
  "LocalAdmin",
  "ScimClient",
  "MeetingGuest",
];
const GROUPS: readonly ActionGroup[] = [
  "tenantContent",
  "tenantAdmin",
  "selfService",
  "operatorConsole",
  "localAdmin",
  "secondFactorStep",
  "passwordChangeStep",
  "enrollmentStep",
  "provisioning",
  "stepUp",
];

/**
 * The action groups conditional-access policies target (compiled by the conditionalAccess
 * domain): one per app and one per user action, derived from the catalogue by `caAppOf`.
 */
export function caAppGroup(app: CaApp): string {
  return `ca_app_${app}`;
}
export function caUserActionGroup(userAction: CaUserAction): string {
  return `ca_action_${userAction}`;
}
/** The group of actions that hand data out (downloads, exports): what view-only refuses. */
export const CA_DOWNLOAD_GROUP = "ca_download";
/**
 * Actions on labelled content that show only its names (a team's name, its channels' names): what
 * "title only" of the work-context matrix still allows.
 */
export const WC_TITLE_GROUP = "wc_title";
const TITLE_ACTIONS: ReadonlySet<string> = new Set(["team.read", "channel.list"]);

/**
 * The `ca` context record: the request's conditional-access signals, worked out by the gateway
 * (conditionalAccess/signals.ts). Optional, so role-only decisions leave it out.
 */
const CA_CONTEXT = {
  type: "Record",
  required: false,
  attributes: {
    locations: { type: "Set", element: { type: "String" }, required: true },
    trusted: { type: "Boolean", required: true },
    signInRisk: { type: "String", required: true },
    userRisk: { type: "String", required: true },
    platform: { type: "String", required: true },
    clientType: { type: "String", required: true },
    timeWindows: { type: "Set", element: { type: "String" }, required: true },
    lapsed: { type: "Set", element: { type: "String" }, required: true },
    groups: { type: "Set", element: { type: "String" }, required: true },
    acceptedTerms: { type: "Set", element: { type: "String" }, required: true },
    label: { type: "String", required: true },
    workContext: { type: "String", required: true },
    mfa: { type: "Boolean", required: true },
    phishingResistant: { type: "Boolean", required: true },
    deviceRegistered: { type: "Boolean", required: true },
    deviceCompliant: { type: "Boolean", required: true },
    deviceState: { type: "String", required: true },
  },
} as const;

/**
 * The Cedar schema, generated from the action catalogue in @engawa/shared. Every action applies to
 * every kind of principal (anyone authenticated may knock on any route, and the engine must be able
 * to say no); which principals are *granted* is up to the policies. Strict validation of the
 * policies against this schema runs in the test suite.
 */
export function buildCedarSchema(): SchemaJson<string> {
  const actions: Record<string, ActionType<string>> = {};
  for (const group of GROUPS) actions[group] = {};
  for (const app of ["chat", "files", "meetings", "admin"] as const) actions[caAppGroup(app)] = {};
  for (const userAction of ["register_security_info", "export_data"] as const)
    actions[caUserActionGroup(userAction)] = {};
  actions[CA_DOWNLOAD_GROUP] = {};
  actions[WC_TITLE_GROUP] = {};
  for (const [name, spec] of Object.entries(ACTIONS) as [string, ActionSpec][]) {
    const app = caAppOf(name);
    const userAction = caUserActionOf(name);
    actions[name] = {
      appliesTo: {
        principalTypes: [...PRINCIPAL_KINDS],
        resourceTypes: [spec.resource],
        context: {
          type: "Record",
          attributes: {
            ...Object.fromEntries(
              (spec.context ?? []).map((attr) => [attr, { type: "String", required: true }]),
            ),
            ca: CA_CONTEXT,
          },
        },
      },
      memberOf: [
        ...spec.groups.map((group) => ({ id: group })),
        ...(app ? [{ id: caAppGroup(app) }] : []),
        ...(userAction ? [{ id: caUserActionGroup(userAction) }] : []),
        ...(caIsDownload(name) ? [{ id: CA_DOWNLOAD_GROUP }] : []),
        ...(TITLE_ACTIONS.has(name) ? [{ id: WC_TITLE_GROUP }] : []),
      ],
    };
  }
  return {
    [NAMESPACE]: {
      entityTypes: {
        Tenant: {},
        Deployment: {},
        LocalAdmin: {},
        Operator: {},
        // A SCIM token belongs to exactly one tenant (RFC 7644 §2: the client is authenticated,
        // then authorised like any caller).
        ScimClient: {
          memberOfTypes: ["Tenant"],
          shape: {
            type: "Record",
            attributes: { tenant: { type: "Entity", name: "Tenant", required: true } },
          },
        },
        // Someone without an account let into one meeting: `meeting` is the only one they reach.
        MeetingGuest: {
          memberOfTypes: ["Tenant"],
          shape: {
            type: "Record",
            attributes: {
              tenant: { type: "Entity", name: "Tenant", required: true },
              meeting: { type: "Entity", name: "Meeting", required: true },
            },
          },
        },
        Team: tenantOwned({ visibility: str, callerRole: str, guestsAllowed: str, label: str }),
        Channel: tenantOwned({ kind: str, callerAccess: str, callerTeamRole: str, label: str }),
        // `callerRole`: organizer, co_organizer, presenter, attendee (invited or admitted), lobby
        // (waiting) or none. `whoMayPresent`: the organisation's rule, where presenting is decided.
        Meeting: tenantOwned({
          callerRole: str,
          label: str,
          whoMayPresent: { type: "String", required: false },
        }),
        Message: tenantOwned({
          author: { type: "Entity", name: "User", required: true },
          callerAccess: str,
          callerTeamRole: str,
          label: str,
        }),
        File: tenantOwned({
          uploader: { type: "Entity", name: "User", required: true },
          callerAccess: str,
          callerTeamRole: str,
          label: str,
        }),
        User: {
          memberOfTypes: ["Tenant"],
          shape: {
            type: "Record",
            attributes: {
              tenant: { type: "Entity", name: "Tenant", required: true },
              role: { type: "String", required: true },
              // Set on the user who asks (from their session), absent on a user acted upon.
              sessionStage: { type: "String", required: false },
              // Also only on the user who asks: their session's last authentication is recent.
              recentlyAuthenticated: { type: "Boolean", required: false },
            },
          },
        },
      },
      actions,
    },
  };
}
