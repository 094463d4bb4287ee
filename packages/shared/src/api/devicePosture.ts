import { Type, type Static, type TSchema } from "typebox";

/**
 * Device posture and compliance (zero-trust-anchors.md §6, BeyondCorp's device inventory; §8.6).
 * `engawa-agent` reports what a machine says of itself, signed with the machine's own key; each
 * value may be "unknown" where the machine cannot tell. A tenant's compliance rules turn a report
 * into compliant or not, with the reasons.
 */
const known = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Literal("unknown")]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const IsoTime = Type.String({ format: "date-time", maxLength: 40 });

export const DevicePosture = Type.Object(
  {
    /** `/etc/os-release` NAME and VERSION (PRETTY_NAME), ID, VERSION_ID; and `uname -r`. */
    osName: known(Text(120)),
    osId: known(Type.String({ pattern: "^[a-z0-9._-]{1,32}$" })),
    osVersion: known(Type.String({ pattern: "^[0-9A-Za-z._-]{1,32}$" })),
    kernel: known(Text(120)),
    /** The root file system sits on dm-crypt (LUKS). */
    diskEncrypted: known(Type.Boolean()),
    /** A host firewall (nftables, iptables, ufw, firewalld) filters incoming traffic. */
    firewallActive: known(Type.Boolean()),
    /** The desktop locks the screen when idle (GNOME / KDE settings). */
    screenLock: known(Type.Boolean()),
    /** When packages were last installed or upgraded (the package manager's own records). */
    lastPackageUpdate: known(IsoTime),
    /** A known antivirus or EDR product is running, and which. */
    antivirus: known(Type.Boolean()),
    antivirusProducts: Type.Array(Text(64), { maxItems: 16 }),
    /** When the agent looked. */
    collectedAt: IsoTime,
  },
  { additionalProperties: false },
);
export type DevicePosture = Static<typeof DevicePosture>;

export const OS_ID_PATTERN = "^[a-z0-9._-]{1,32}$";
export const OS_VERSION_PATTERN = "^[0-9]+(\\.[0-9]+){0,3}$";

/** A tenant's compliance rules; a device is compliant when every rule that is on holds. */
export const DeviceComplianceRules = Type.Object(
  {
    /** The lowest version allowed per operating system (`/etc/os-release` ID), e.g. ubuntu 22.04. */
    minOsVersions: Type.Array(
      Type.Object(
        {
          osId: Type.String({ pattern: OS_ID_PATTERN }),
          version: Type.String({ pattern: OS_VERSION_PATTERN }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    requireDiskEncryption: Type.Boolean(),
    requireFirewall: Type.Boolean(),
    requireScreenLock: Type.Boolean(),
    requireAntivirus: Type.Boolean(),
    /** A report older than this no longer counts (BeyondCorp: posture is fresh or it is nothing). */
    maxPostureAgeHours: Type.Integer({ minimum: 1, maximum: 720 }),
    /** Packages updated within this many days; null: not checked. */
    maxDaysSinceUpdate: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type DeviceComplianceRules = Static<typeof DeviceComplianceRules>;

/** What a tenant that has not set rules checks: only that a fresh report exists. */
export const DEFAULT_COMPLIANCE_RULES: DeviceComplianceRules = {
  minOsVersions: [],
  requireDiskEncryption: false,
  requireFirewall: false,
  requireScreenLock: false,
  requireAntivirus: false,
  maxPostureAgeHours: 24,
  maxDaysSinceUpdate: null,
};

export const COMPLIANCE_FAILURES = [
  "no_posture",
  "posture_stale",
  "os_version",
  "disk_encryption",
  "firewall",
  "screen_lock",
  "antivirus",
  "package_updates",
] as const;
export type ComplianceFailureKind = (typeof COMPLIANCE_FAILURES)[number];

export const ComplianceFailure = Type.Object({
  rule: Type.Enum(COMPLIANCE_FAILURES),
  /** What the device reported for it ("unknown" when it could not tell; empty when absent). */
  actual: Type.String(),
});
export type ComplianceFailure = Static<typeof ComplianceFailure>;

export const DeviceCompliance = Type.Object({
  compliant: Type.Boolean(),
  failures: Type.Array(ComplianceFailure),
});
export type DeviceCompliance = Static<typeof DeviceCompliance>;

export const ComplianceRulesResponse = Type.Object({ rules: DeviceComplianceRules });
export type ComplianceRulesResponse = Static<typeof ComplianceRulesResponse>;

/** A one-time code that lets `engawa-agent register` add a machine to the person's devices. */
export const AgentEnrolmentResponse = Type.Object({
  code: Type.String(),
  expiresAt: Type.String(),
});
export type AgentEnrolmentResponse = Static<typeof AgentEnrolmentResponse>;

/** `typ` of the agent's signed messages (compact JWS, ES256, RFC 7515). */
export const AGENT_ENROL_TYPE = "engawa-agent-enrol+jwt";
export const AGENT_POSTURE_TYPE = "engawa-posture+jwt";
export const AGENT_LINK_TYPE = "engawa-agent-link+jwt";

/** `engawa-agent link`: a JWS (`kid` the computer's device) carrying a browser's link code. */
export const AgentLinkRequest = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);
export type AgentLinkRequest = Static<typeof AgentLinkRequest>;

/** The agent's registration: a JWS signed by the new key, which its header carries (`jwk`). */
export const AgentRegisterRequest = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);
export type AgentRegisterRequest = Static<typeof AgentRegisterRequest>;
export const AgentRegisterResponse = Type.Object({
  device: Type.Object({ id: Type.String(), name: Type.String() }),
});
export type AgentRegisterResponse = Static<typeof AgentRegisterResponse>;

/** A posture report: a JWS whose header names the device (`kid`), signed with its key. */
export const AgentReportRequest = Type.Object(
  { report: Type.String({ minLength: 1, maxLength: 16_384 }) },
  { additionalProperties: false },
);
export type AgentReportRequest = Static<typeof AgentReportRequest>;
export const AgentReportResponse = Type.Object({ compliance: DeviceCompliance });
export type AgentReportResponse = Static<typeof AgentReportResponse>;
