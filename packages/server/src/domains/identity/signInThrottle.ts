import { MINUTE, type Clock } from "../../platform/clock.ts";
import { AttemptCounter } from "../../platform/attemptCounter.ts";
import { AppError } from "../../platform/errors.ts";

/** Failures of one account from all addresses together, as a multiple of the per-address limit. */
const ACCOUNT_WIDE_FACTOR = 10;

/**
 * Brute-force defence for sign-in (NIST SP 800-63B §5.2.2; MHLW 6.0 requires limiting repeated
 * failures). By default: 5 failures per account *from one address* in 15 minutes, 50 per account
 * from all addresses together, and 30 attempts per address per minute (configurable). Counting
 * failures per account and address means that someone who only knows a user's e-mail address
 * cannot lock that user out from elsewhere; the account-wide ceiling still stops a slow attack
 * spread over many addresses. A throttled attempt is answered 429 with `Retry-After`, without
 * checking the password, so the server never sleeps on a request.
 */
export class SignInThrottle {
  private readonly accountFailures: AttemptCounter;
  private readonly accountAddressFailures: AttemptCounter;
  private readonly addressAttempts: AttemptCounter;

  constructor(
    clock: Clock,
    limits: { maxFailuresPerAccount: number; maxAttemptsPerAddress: number },
  ) {
    this.accountAddressFailures = new AttemptCounter(
      clock,
      limits.maxFailuresPerAccount,
      15 * MINUTE,
    );
    this.accountFailures = new AttemptCounter(
      clock,
      limits.maxFailuresPerAccount * ACCOUNT_WIDE_FACTOR,
      15 * MINUTE,
    );
    this.addressAttempts = new AttemptCounter(clock, limits.maxAttemptsPerAddress, MINUTE);
  }

  /**
   * Throws `rate_limited` when the account or the address must wait. Otherwise counts the attempt
   * at once, as a failure until proven otherwise: concurrent attempts (each waiting ~15 ms for
   * argon2) must see each other, or a burst would slip past the limit.
   */
  check(accountKey: string, ip: string | null): void {
    const pairKey = `${accountKey}|${ip ?? "-"}`;
    const wait = Math.max(
      this.accountAddressFailures.retryAfterSeconds(pairKey),
      this.accountFailures.retryAfterSeconds(accountKey),
      ip ? this.addressAttempts.retryAfterSeconds(ip) : 0,
    );
    if (wait > 0) {
      throw new AppError("rate_limited", "Too many sign-in attempts. Wait before trying again.", {
        retryAfterSeconds: wait,
      });
    }
    this.accountAddressFailures.record(pairKey);
    this.accountFailures.record(accountKey);
    if (ip) this.addressAttempts.record(ip);
  }

  /** The attempt counted by `check` succeeded: forget this address's failures on the account. */
  succeeded(accountKey: string, ip: string | null): void {
    this.accountAddressFailures.reset(`${accountKey}|${ip ?? "-"}`);
    this.accountFailures.refund(accountKey);
  }
}
