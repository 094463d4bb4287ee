import { isLoopbackHost } from "./loopback.ts";

/**
 * Meeting media settings. Without any of them Engawa runs meetings peer to peer with no ICE
 * server (what `npm start` gives: fine on one network); a deployment adds TURN (coturn) for
 * people behind NAT and Janus for meetings beyond the peer-to-peer size.
 */
export interface MediaSettings {
  /** STUN URLs handed to browsers (`ENGAWA_STUN_URLS`, comma-separated `stun:` URLs). */
  stunUrls: string[];
  /** TURN URLs (`ENGAWA_TURN_URLS`, comma-separated `turn:`/`turns:` URLs). */
  turnUrls: string[];
  /**
   * coturn's `static-auth-secret` (`ENGAWA_TURN_SECRET`): Engawa signs time-limited TURN
   * credentials with it and never hands it out. Required with TURN URLs.
   */
  turnSecret: string | null;
  /** How long a TURN credential lasts (`ENGAWA_TURN_TTL_SECONDS`, default 3600). */
  turnTtlSeconds: number;
  /**
   * Janus's WebSocket API (`ENGAWA_JANUS_URL`, e.g. `ws://127.0.0.1:8188`): on loopback only, so
   * no browser ever reaches it; null means peer to peer only.
   */
  janusUrl: URL | null;
  /**
   * The most participants a meeting holds peer to peer (`ENGAWA_P2P_MAX`, default 4); a room
   * that grows beyond it moves to Janus when Janus is configured. 0: every meeting through Janus.
   */
  p2pMax: number;
}

export function mediaSettings(
  read: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
): MediaSettings {
  const list = (name: string, schemes: RegExp): string[] => {
    const urls = (read(name) ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter((u) => u !== "");
    for (const url of urls)
      if (!schemes.test(url)) problems.push(`${name}: "${url}" is not a ${schemes.source} URL`);
    return urls;
  };
  const turnUrls = list("ENGAWA_TURN_URLS", /^turns?:/);
  const turnSecret = read("ENGAWA_TURN_SECRET") ?? null;
  if (turnUrls.length > 0 && turnSecret === null)
    problems.push(
      "ENGAWA_TURN_URLS is set but ENGAWA_TURN_SECRET (coturn's static-auth-secret) is not",
    );
  if (turnSecret !== null && turnSecret.length < 16)
    problems.push("ENGAWA_TURN_SECRET must be at least 16 characters");
  return {
    stunUrls: list("ENGAWA_STUN_URLS", /^stuns?:/),
    turnUrls,
    turnSecret,
    turnTtlSeconds: int("ENGAWA_TURN_TTL_SECONDS", 3600, 60, 24 * 3600),
    janusUrl: janusUrl(read("ENGAWA_JANUS_URL"), problems),
    p2pMax: int("ENGAWA_P2P_MAX", 4, 0, 8),
  };
}

function janusUrl(value: string | undefined, problems: string[]): URL | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== "ws:" || !isLoopbackHost(url.hostname))
      throw new Error("must be a ws:// URL on loopback (Janus's API is never exposed)");
    return url;
  } catch (error) {
    problems.push(`ENGAWA_JANUS_URL "${value}": ${(error as Error).message}`);
    return null;
  }
}
