import { HOUR, MINUTE, type Clock } from "../../platform/clock.ts";
import { AttemptCounter } from "../../platform/attemptCounter.ts";
import { AppError } from "../../platform/errors.ts";
import type { SignInLimits } from "../../config/config.ts";

/** Failures of an account from an address are forgotten after this long without another. */
const FAILURE_MEMORY_MS = 12 * HOUR;
/** A spraying address stays suspect this long: a success from it marks the account at risk. */
const SPRAY_SUSPICION_MS = 24 * HOUR;

/** Failed attempts per address are kept this long (the longest window a tenant may choose)… */
const FAILURE_LOG_MS = 24 * HOUR;
/** …and at most this many per address. */
const MAX_FAILURES_KEPT = 2000;

interface PairState {
  failures: number;
  lastFailureAt: number;
}

export interface CheckResult {
  /** This attempt made the address a password sprayer (audit it once). */
  sprayDetected: { accounts: number; blockedUntil: Date } | null;
}

/**
 * Brute-force and spray defence for sign-in (NIST SP 800-63B §5.2.2; MHLW 6.0 asks to limit
 * repeated failures; Keycloak's brute-force detection for the growing waits):
 *
 * - **Per account and address, growing waits**: after `freeFailures` failures, each further try
 *   must wait `waitSeconds`, doubling per failure up to `maxWaitSeconds`. Counting per account
 *   *and address* means that someone who only knows a colleague's e-mail address cannot lock
 *   them out from elsewhere; and nothing is ever locked permanently by failures alone.
 * - **Per address**: `maxAttemptsPerAddress` attempts a minute, whatever the accounts.
 * - **Password spray**: `sprayAccounts` distinct accounts failing from one address within
 *   `sprayWindowMinutes` blocks the address for `sprayBlockMinutes`; a later success from it
 *   (within a day) is reported so the account can be marked at risk.
 *
 * A throttled attempt is answered at once (429 with `Retry-After`) without checking the password:
 * the server never sleeps on a request. Every attempt is counted as a failure before the password
 * is checked (concurrent attempts, each waiting ~15 ms for argon2, must see each other) and given
 * back on success. In memory, per process; several nodes will share it through Redis later.
 */
export class SignInThrottle {
  private readonly pairs = new Map<string, PairState>();
  private readonly addressAttempts: AttemptCounter;
  /** Per address: accounts that failed from it and when. */
  private readonly sprayAccounts = new Map<string, Map<string, number>>();
  private readonly blockedAddresses = new Map<string, { until: number; suspectUntil: number }>();
  /** Per address: recent failed attempts (account and time), for "IP with suspicious activity". */
  private readonly addressFailures = new Map<string, { account: string; at: number }[]>();
  private checks = 0;

  private readonly clock: Clock;
  readonly limits: SignInLimits;

  constructor(clock: Clock, limits: SignInLimits) {
    this.clock = clock;
    this.limits = limits;
    this.addressAttempts = new AttemptCounter(clock, limits.maxAttemptsPerAddress, MINUTE);
  }

  /** Throws `rate_limited` when the account-and-address or the address must wait; otherwise counts the attempt. */
  check(accountKey: string, ip: string | null): CheckResult {
    const now = this.clock.now().getTime();
    if (++this.checks % 1000 === 0) this.sweep(now);
    const pairKey = `${accountKey}|${ip ?? "-"}`;
    const pair = this.livePair(pairKey, now);
    const block = ip ? this.blockedAddresses.get(ip) : undefined;
    const waitMs = Math.max(
      pair ? pair.lastFailureAt + this.waitAfter(pair.failures) - now : 0,
      block ? block.until - now : 0,
      ip ? this.addressAttempts.retryAfterSeconds(ip) * 1000 : 0,
    );
    if (waitMs > 0) {
      throw new AppError("rate_limited", "Too many sign-in attempts. Wait before trying again.", {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      });
    }
    this.pairs.set(pairKey, { failures: (pair?.failures ?? 0) + 1, lastFailureAt: now });
    if (!ip) return { sprayDetected: null };
    this.addressAttempts.record(ip);
    const failures = this.addressFailures.get(ip) ?? [];
    failures.push({ account: accountKey, at: now });
    if (failures.length > MAX_FAILURES_KEPT)
      failures.splice(0, failures.length - MAX_FAILURES_KEPT);
    this.addressFailures.set(ip, failures);
    return { sprayDetected: this.countForSpray(ip, accountKey, now) };
  }

  /**
   * The attempt counted by `check` succeeded: its failure is given back and the account's waits
   * from this address end. True when the address sprayed passwords recently (mark the account).
   */
  succeeded(accountKey: string, ip: string | null): { fromSprayingAddress: boolean } {
    const now = this.clock.now().getTime();
    this.pairs.delete(`${accountKey}|${ip ?? "-"}`);
    if (!ip) return { fromSprayingAddress: false };
    this.sprayAccounts.get(ip)?.delete(accountKey);
    const failures = this.addressFailures.get(ip);
    const own = failures?.findLastIndex((f) => f.account === accountKey) ?? -1;
    if (failures && own >= 0) failures.splice(own, 1);
    const block = this.blockedAddresses.get(ip);
    return { fromSprayingAddress: block !== undefined && block.suspectUntil > now };
  }

  /**
   * Failed sign-ins from an address within a window and over how many accounts (every tenant's:
   * an attacker does not keep to one), for the risk detection "IP with suspicious activity".
   */
  failuresFrom(ip: string | null, windowMs: number): { failures: number; accounts: number } {
    if (!ip) return { failures: 0, accounts: 0 };
    const since = this.clock.now().getTime() - windowMs;
    const recent = (this.addressFailures.get(ip) ?? []).filter((f) => f.at >= since);
    return { failures: recent.length, accounts: new Set(recent.map((f) => f.account)).size };
  }

  /** Addresses blocked for password spraying now, for admins to see. */
  blocked(): { ip: string; until: Date }[] {
    const now = this.clock.now().getTime();
    return [...this.blockedAddresses]
      .filter(([, b]) => b.until > now)
      .map(([ip, b]) => ({ ip, until: new Date(b.until) }));
  }

  private waitAfter(failures: number): number {
    if (failures < this.limits.freeFailures) return 0;
    const doublings = Math.min(failures - this.limits.freeFailures, 30);
    return Math.min(this.limits.waitSeconds * 2 ** doublings, this.limits.maxWaitSeconds) * 1000;
  }

  private livePair(key: string, now: number): PairState | undefined {
    const pair = this.pairs.get(key);
    if (pair && now - pair.lastFailureAt > FAILURE_MEMORY_MS) {
      this.pairs.delete(key);
      return undefined;
    }
    return pair;
  }

  private countForSpray(ip: string, accountKey: string, now: number): CheckResult["sprayDetected"] {
    const windowMs = this.limits.sprayWindowMinutes * MINUTE;
    const accounts = this.sprayAccounts.get(ip) ?? new Map<string, number>();
    for (const [key, at] of accounts) if (now - at > windowMs) accounts.delete(key);
    accounts.set(accountKey, now);
    this.sprayAccounts.set(ip, accounts);
    if (accounts.size < this.limits.sprayAccounts) return null;
    const until = now + this.limits.sprayBlockMinutes * MINUTE;
    this.blockedAddresses.set(ip, { until, suspectUntil: now + SPRAY_SUSPICION_MS });
    accounts.clear();
    return { accounts: this.limits.sprayAccounts, blockedUntil: new Date(until) };
  }

  private sweep(now: number): void {
    for (const [key, pair] of this.pairs) {
      if (now - pair.lastFailureAt > FAILURE_MEMORY_MS) this.pairs.delete(key);
    }
    for (const [ip, block] of this.blockedAddresses) {
      if (block.suspectUntil <= now) this.blockedAddresses.delete(ip);
    }
    for (const [ip, failures] of this.addressFailures) {
      const live = failures.filter((f) => now - f.at <= FAILURE_LOG_MS);
      if (live.length === 0) this.addressFailures.delete(ip);
      else this.addressFailures.set(ip, live);
    }
    const windowMs = this.limits.sprayWindowMinutes * MINUTE;
    for (const [ip, accounts] of this.sprayAccounts) {
      for (const [key, at] of accounts) if (now - at > windowMs) accounts.delete(key);
      if (accounts.size === 0) this.sprayAccounts.delete(ip);
    }
  }
}
