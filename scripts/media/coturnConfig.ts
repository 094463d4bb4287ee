/**
 * coturn's configuration for Engawa's TURN credentials: the time-limited shared-secret scheme
 * ("TURN REST API", draft-uberti-behave-turn-rest; coturn's `use-auth-secret`), where Engawa
 * signs `<expiry>:<participant>` with ENGAWA_TURN_SECRET and coturn checks the signature with the
 * same `static-auth-secret` — no user database, and a credential that leaks expires by itself.
 *
 * A TURN server relays to whatever address a client names, so by default it refuses to relay to
 * loopback and private networks (the usual SSRF guard for coturn deployments): a browser behind
 * NAT needs a relay to Janus's or another participant's public address, never into the
 * server's own network.
 */
export interface CoturnConfigOptions {
  /** ENGAWA_TURN_SECRET (at least 16 characters; Engawa refuses shorter). */
  secret: string;
  /** The realm coturn names in its challenges (the deployment's host name). */
  realm: string;
  /** The port coturn listens on (UDP and TCP), 3478 by default. */
  port?: number;
  /** The addresses coturn listens on (default: all). */
  listeningIps?: string[];
  /** The address coturn relays from (default: the listening address). */
  relayIp?: string;
  /** The public address when coturn sits behind 1:1 NAT (`external-ip`). */
  externalIp?: string;
  /** UDP ports for relays. */
  minPort?: number;
  maxPort?: number;
  /** Peers a relay may reach although they are in a private range (e.g. Janus on a LAN address). */
  allowedPeerIps?: string[];
  /** Allow relaying to private ranges at all (only for a closed test network). */
  allowPrivatePeers?: boolean;
  /** Log file (default: syslog through stdout). */
  logFile?: string;
}

/** Loopback, private (RFC 1918), link-local, CGNAT (RFC 6598) and other special ranges. */
export const PRIVATE_PEER_RANGES = [
  "0.0.0.0-0.255.255.255",
  "10.0.0.0-10.255.255.255",
  "100.64.0.0-100.127.255.255",
  "127.0.0.0-127.255.255.255",
  "169.254.0.0-169.254.255.255",
  "172.16.0.0-172.31.255.255",
  "192.0.0.0-192.0.0.255",
  "192.168.0.0-192.168.255.255",
  "198.18.0.0-198.19.255.255",
  "::1",
  "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
  "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
] as const;

/** The text of a turnserver.conf for Engawa. */
export function coturnConfig(options: CoturnConfigOptions): string {
  if (options.secret.length < 16)
    throw new Error("The TURN secret must be at least 16 characters (ENGAWA_TURN_SECRET).");
  if (/[\s#]/.test(options.secret))
    throw new Error("The TURN secret must not contain spaces or '#'.");
  const lines = [
    "# Written by Engawa's scripts/media-setup.sh: TURN with Engawa's time-limited credentials.",
    `listening-port=${String(options.port ?? 3478)}`,
    ...(options.listeningIps ?? []).map((ip) => `listening-ip=${ip}`),
    ...(options.relayIp ? [`relay-ip=${options.relayIp}`] : []),
    ...(options.externalIp ? [`external-ip=${options.externalIp}`] : []),
    `min-port=${String(options.minPort ?? 49160)}`,
    `max-port=${String(options.maxPort ?? 49200)}`,
    "fingerprint",
    "use-auth-secret",
    `static-auth-secret=${options.secret}`,
    `realm=${options.realm}`,
    // No TLS here: TURN over TLS needs the deployment's certificate (`cert=`, `pkey=`).
    "no-tls",
    "no-dtls",
    "no-cli",
    "no-multicast-peers",
    "no-software-attribute",
    "stale-nonce=600",
    ...(options.allowPrivatePeers ? [] : PRIVATE_PEER_RANGES.map((r) => `denied-peer-ip=${r}`)),
    ...(options.allowedPeerIps ?? []).map((ip) => `allowed-peer-ip=${ip}`),
    ...(options.logFile ? [`log-file=${options.logFile}`, "simple-log"] : ["log-file=stdout"]),
  ];
  return `${lines.join("\n")}\n`;
}
