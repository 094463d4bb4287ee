import { Type, type Static } from "typebox";

/**
 * Risk levels (Entra ID Protection's low / medium / high; `none` when nothing was detected). The
 * GIGA-school guideline leaflet names six risk events with these levels (seed-notes §C).
 */
export const RISK_LEVELS = ["none", "low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RiskLevel = Type.Union([
  Type.Literal("none"),
  Type.Literal("low"),
  Type.Literal("medium"),
  Type.Literal("high"),
]);

/** The level a detection raises, or `off` when the tenant has turned it off. */
export const DETECTION_LEVELS = ["off", "low", "medium", "high"] as const;
export type DetectionLevel = (typeof DETECTION_LEVELS)[number];
export const DetectionLevel = Type.Union([
  Type.Literal("off"),
  Type.Literal("low"),
  Type.Literal("medium"),
  Type.Literal("high"),
]);

/**
 * What is detected. The first six are the guideline's risk events; `password_spray` marks a correct
 * password from an address that was spraying; `anomalous_token` a session used from a new country
 * or another client mid-session; `admin_confirmed_compromised` an admin's verdict.
 */
export const DETECTION_KINDS = [
  "leaked_credentials",
  "impossible_travel",
  "infected_device",
  "anonymous_ip",
  "suspicious_ip",
  "unfamiliar_location",
  "password_spray",
  "anomalous_token",
  "admin_confirmed_compromised",
] as const;
export type DetectionKind = (typeof DETECTION_KINDS)[number];
export const DetectionKind = Type.Union([
  Type.Literal("leaked_credentials"),
  Type.Literal("impossible_travel"),
  Type.Literal("infected_device"),
  Type.Literal("anonymous_ip"),
  Type.Literal("suspicious_ip"),
  Type.Literal("unfamiliar_location"),
  Type.Literal("password_spray"),
  Type.Literal("anomalous_token"),
  Type.Literal("admin_confirmed_compromised"),
]);

/** Detections an admin may tune; an admin's own verdict is always high. */
export const TUNABLE_DETECTIONS = DETECTION_KINDS.filter(
  (k): k is Exclude<DetectionKind, "admin_confirmed_compromised"> =>
    k !== "admin_confirmed_compromised",
);
export type TunableDetection = (typeof TUNABLE_DETECTIONS)[number];

/** Default levels (the guideline's levels; spray and anomalous token follow Entra ID). */
export const DEFAULT_DETECTION_LEVELS: Record<DetectionKind, DetectionLevel> = {
  leaked_credentials: "high",
  impossible_travel: "medium",
  infected_device: "low",
  anonymous_ip: "medium",
  suspicious_ip: "medium",
  unfamiliar_location: "medium",
  password_spray: "high",
  anomalous_token: "medium",
  admin_confirmed_compromised: "high",
};

/** Detections about the sign-in itself (sign-in risk); the others are about the account (user risk). */
export const SIGN_IN_DETECTIONS: readonly DetectionKind[] = [
  "impossible_travel",
  "infected_device",
  "anonymous_ip",
  "suspicious_ip",
  "unfamiliar_location",
  "password_spray",
];

/** What a risky sign-in must pass: a second factor, or nothing gets through. */
export const SignInRiskControl = Type.Union([Type.Literal("mfa"), Type.Literal("block")]);
/** What a high-risk user must do: change the password after a second factor, or nothing. */
export const UserRiskControl = Type.Union([Type.Literal("password_change"), Type.Literal("block")]);
/** From which level a policy applies; `off` turns it off. */
export const PolicyLevel = Type.Union([
  Type.Literal("off"),
  Type.Literal("low"),
  Type.Literal("medium"),
  Type.Literal("high"),
]);
export type PolicyLevel = Static<typeof PolicyLevel>;

/** Largest number of the tenant's own address ranges in one list. */
export const RISK_RANGES_MAX = 1000;
const Ranges = Type.Array(Type.String({ minLength: 3, maxLength: 49 }), {
  maxItems: RISK_RANGES_MAX,
});

export const RiskSettings = Type.Object(
  {
    /** Level per detection (`off` turns one off). */
    levels: Type.Object(
      {
        leaked_credentials: DetectionLevel,
        impossible_travel: DetectionLevel,
        infected_device: DetectionLevel,
        anonymous_ip: DetectionLevel,
        suspicious_ip: DetectionLevel,
        unfamiliar_location: DetectionLevel,
        password_spray: DetectionLevel,
        anomalous_token: DetectionLevel,
      },
      { additionalProperties: false },
    ),
    /** Built-in sign-in risk policy: at or above `level`, require `control`. */
    signInRiskPolicy: Type.Object(
      { level: PolicyLevel, control: SignInRiskControl },
      { additionalProperties: false },
    ),
    /** Built-in user risk policy: at or above `level`, require `control`. */
    userRiskPolicy: Type.Object(
      { level: PolicyLevel, control: UserRiskControl },
      { additionalProperties: false },
    ),
    /** "Sign-in from an IP with suspicious activity": this many failures over this many accounts. */
    suspiciousIp: Type.Object(
      {
        failures: Type.Integer({ minimum: 2, maximum: 1000 }),
        accounts: Type.Integer({ minimum: 2, maximum: 100 }),
        windowMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
      },
      { additionalProperties: false },
    ),
    /** The tenant's own lists: addresses or CIDR ranges, added to the shipped lists. */
    anonymousRanges: Ranges,
    botnetRanges: Ranges,
    /** Trusted locations (the school's or hospital's own networks): no impossible travel between two. */
    trustedRanges: Ranges,
  },
  { additionalProperties: false },
);
export type RiskSettings = Static<typeof RiskSettings>;

export const DEFAULT_RISK_SETTINGS: RiskSettings = {
  levels: Object.fromEntries(
    TUNABLE_DETECTIONS.map((k) => [k, DEFAULT_DETECTION_LEVELS[k]]),
  ) as Record<TunableDetection, DetectionLevel>,
  signInRiskPolicy: { level: "high", control: "mfa" },
  userRiskPolicy: { level: "high", control: "password_change" },
  suspiciousIp: { failures: 10, accounts: 3, windowMinutes: 60 },
  anonymousRanges: [],
  botnetRanges: [],
  trustedRanges: [],
};

export const RiskSettingsResponse = Type.Object({ settings: RiskSettings });
export type RiskSettingsResponse = Static<typeof RiskSettingsResponse>;

/** A coarse place and time, as shown in a detection's evidence (never coordinates). */
export const RiskPlace = Type.Object({
  ip: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: "date-time" }),
});
export type RiskPlace = Static<typeof RiskPlace>;

/**
 * What a detection is based on. Impossible travel has both places and times, the distance and the
 * speed; a list match names the list; unfamiliar properties name the new ones.
 */
export const RiskEvidence = Type.Object({
  from: Type.Optional(RiskPlace),
  to: Type.Optional(RiskPlace),
  kilometres: Type.Optional(Type.Number()),
  kilometresPerHour: Type.Optional(Type.Number()),
  list: Type.Optional(Type.String()),
  asn: Type.Optional(Type.Integer()),
  asnName: Type.Optional(Type.String()),
  failures: Type.Optional(Type.Integer()),
  accounts: Type.Optional(Type.Integer()),
  windowMinutes: Type.Optional(Type.Integer()),
  unfamiliar: Type.Optional(Type.Array(Type.String())),
  source: Type.Optional(Type.String()),
});
export type RiskEvidence = Static<typeof RiskEvidence>;

export const DETECTION_STATES = [
  "open",
  "dismissed",
  "remediated",
  "confirmed",
  "aged_out",
] as const;
export const DetectionState = Type.Union([
  Type.Literal("open"),
  Type.Literal("dismissed"),
  Type.Literal("remediated"),
  Type.Literal("confirmed"),
  Type.Literal("aged_out"),
]);

export const RiskDetection = Type.Object({
  id: Type.String({ format: "uuid" }),
  userId: Type.Union([Type.String({ format: "uuid" }), Type.Null()]),
  kind: DetectionKind,
  level: RiskLevel,
  state: DetectionState,
  detectedAt: Type.String({ format: "date-time" }),
  signInId: Type.Union([Type.String({ format: "uuid" }), Type.Null()]),
  evidence: RiskEvidence,
});
export type RiskDetection = Static<typeof RiskDetection>;

/** One sign-in as the risk pages show it: context, risk, what was asked of the person. */
export const RiskySignIn = Type.Object({
  id: Type.String({ format: "uuid" }),
  userId: Type.String({ format: "uuid" }),
  email: Type.String(),
  displayName: Type.String(),
  at: Type.String({ format: "date-time" }),
  ip: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  asn: Type.Union([Type.Integer(), Type.Null()]),
  asnName: Type.Union([Type.String(), Type.Null()]),
  browser: Type.Union([Type.String(), Type.Null()]),
  os: Type.Union([Type.String(), Type.Null()]),
  method: Type.String(),
  risk: RiskLevel,
  /** What the policies asked: nothing, a second factor, a password change, or a refusal. */
  outcome: Type.Union([
    Type.Literal("allowed"),
    Type.Literal("mfa"),
    Type.Literal("password_change"),
    Type.Literal("blocked"),
  ]),
  detections: Type.Array(RiskDetection),
});
export type RiskySignIn = Static<typeof RiskySignIn>;

export const RiskySignInsQuery = Type.Object(
  {
    level: Type.Optional(
      Type.Union([Type.Literal("low"), Type.Literal("medium"), Type.Literal("high")]),
    ),
    detection: Type.Optional(DetectionKind),
    userId: Type.Optional(Type.String({ format: "uuid" })),
    from: Type.Optional(Type.String({ format: "date-time" })),
    to: Type.Optional(Type.String({ format: "date-time" })),
    /** Include sign-ins without risk (the whole sign-in context list). */
    all: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type RiskySignInsQuery = Static<typeof RiskySignInsQuery>;

export const RiskySignInsResponse = Type.Object({ signIns: Type.Array(RiskySignIn) });
export type RiskySignInsResponse = Static<typeof RiskySignInsResponse>;

export const RiskyUser = Type.Object({
  userId: Type.String({ format: "uuid" }),
  email: Type.String(),
  displayName: Type.String(),
  risk: RiskLevel,
  /** The newest open detection's time. */
  lastDetectedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  detections: Type.Array(RiskDetection),
});
export type RiskyUser = Static<typeof RiskyUser>;

export const RiskyUsersResponse = Type.Object({ users: Type.Array(RiskyUser) });
export type RiskyUsersResponse = Static<typeof RiskyUsersResponse>;

export const RiskyUserResponse = Type.Object({ user: RiskyUser });
export type RiskyUserResponse = Static<typeof RiskyUserResponse>;

/** One of the user's own sign-ins of the last 30 days, as "Sign-in and security" shows it. */
export const OwnSignIn = Type.Object({
  id: Type.String({ format: "uuid" }),
  at: Type.String({ format: "date-time" }),
  method: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  country: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  asnName: Type.Union([Type.String(), Type.Null()]),
  browser: Type.Union([Type.String(), Type.Null()]),
  os: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([
    Type.Literal("allowed"),
    Type.Literal("mfa"),
    Type.Literal("password_change"),
    Type.Literal("blocked"),
  ]),
});
export type OwnSignIn = Static<typeof OwnSignIn>;

export const OwnSignInsResponse = Type.Object({ signIns: Type.Array(OwnSignIn) });
export type OwnSignInsResponse = Static<typeof OwnSignInsResponse>;
