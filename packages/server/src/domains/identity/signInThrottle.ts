import { MINUTE, type Clock } from "../../platform/clock.ts";
import { AttemptCounter } from "../../platform/attemptCounter.ts";
import { AppError } from "../../platform/errors.ts";

/**
 * Brute-force defence for sign-in (NIST SP 800-63B §5.2.2; MHLW 6.0 requires limiting repeated
 * failures): by default at most 5 failures per account in 15 minutes, and 30 attempts per address
 * per minute (configurable).
 * A throttled attempt is answered 429 with `Retry-After`, without checking the password, so the
 * server never sleeps on a request.
 */
export class SignInThrottle {
  private readonly accountFailures: AttemptCounter;
  private readonly addressAttempts: AttemptCounter;

  constructor(
    clock: Clock,
    limits: { maxFailuresPerAccount: number; maxAttemptsPerAddress: number },
  ) {
    this.accountFailures = new AttemptCounter(clock, limits.maxFailuresPerAccount, 15 * MINUTE);
    this.addressAttempts = new AttemptCounter(clock, limits.maxAttemptsPerAddress, MINUTE);
  }

  /** Throws `rate_limited` when the account or the address must wait; otherwise counts the attempt. */
  check(accountKey: string, ip: string | null): void {
    const wait = Math.max(
      this.accountFailures.retryAfterSeconds(accountKey),
      ip ? this.addressAttempts.retryAfterSeconds(ip) : 0,
    );
    if (wait > 0) {
      throw new AppError("rate_limited", "Too many sign-in attempts. Wait before trying again.", {
        retryAfterSeconds: wait,
      });
    }
    if (ip) this.addressAttempts.record(ip);
  }

  failed(accountKey: string): void {
    this.accountFailures.record(accountKey);
  }

  succeeded(accountKey: string): void {
    this.accountFailures.reset(accountKey);
  }
}
