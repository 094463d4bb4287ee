/**
 * Stable error codes that the API returns as `{ error: { code, message } }`.
 * Clients (the web client, scripts, tests) switch on `code`, never on `message`,
 * so a code is never renamed once released.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  malformed_json: 400,
  password_too_short: 400,
  password_too_long: 400,
  /** The tenant requires letters, digits and symbols together (MHLW 6.0 シス14⑥). */
  password_needs_mix: 400,
  /** Common, easy to guess, or made of the organisation's or the person's own names. */
  password_too_common: 400,
  /** One of the account's recent passwords (MHLW checklist 2025 2-10: no reuse). */
  password_reused: 400,
  /** Changing one's password: the current password given is wrong (the session stays). */
  wrong_current_password: 400,
  invalid_token: 400,
  /** A wrong or already used authenticator or recovery code. */
  invalid_code: 400,
  /** The browser's passkey answer did not verify. */
  passkey_failed: 400,
  invalid_filter: 400,
  invalid_path: 400,
  invalid_value: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  /**
   * The session is bound to a registered device and the request carried no valid proof signed with
   * its key (header `x-engawa-device-proof`): sign one with the nonce in `x-engawa-device-nonce`
   * and retry. A copied cookie without the device's key gets only this.
   */
  device_proof_required: 401,
  forbidden: 403,
  csrf_failed: 403,
  /** A sensitive change needs a recent sign-in: confirm with POST /api/auth/step-up, then retry. */
  step_up_required: 403,
  sso_required: 403,
  /** The risk policies refused the sign-in (or asked for a second factor the user does not have). */
  risk_blocked: 403,
  /** A conditional-access policy blocks this sign-in or request. */
  access_blocked: 403,
  /**
   * A conditional-access policy asks for multi-factor authentication first: confirm with a second
   * factor (POST /api/auth/step-up with the code, or a passkey), then retry.
   */
  mfa_required: 403,
  /** A conditional-access policy asks for a phishing-resistant method (a passkey) first. */
  phishing_resistant_required: 403,
  /**
   * A conditional-access policy's sign-in frequency or idle timeout has lapsed: confirm it is you
   * (POST /api/auth/step-up), then retry.
   */
  reauthentication_required: 403,
  /**
   * A conditional-access policy asks for the organisation's terms of use to be accepted first:
   * read them (GET /api/t/:tenant/terms/required), accept (POST …/terms/:termsId/accept), retry.
   */
  terms_required: 403,
  /** A conditional-access policy allows this session to view only: no downloads or exports. */
  view_only: 403,
  /**
   * The label × work-context matrix shows only titles of this content where the person says they
   * are working: declare another place (PUT /api/me/work-context) to open it.
   */
  title_only: 403,
  /** The label × work-context matrix refuses this content where the person says they are working. */
  work_context_denied: 403,
  /** The device this session is bound to was blocked by an administrator. */
  device_blocked: 403,
  /** A conditional-access policy allows this only from a registered device (register this browser). */
  device_registration_required: 403,
  /** A conditional-access policy allows this only from a device that meets the compliance rules. */
  device_not_compliant: 403,
  /** The meeting has ended: nobody joins it any more. */
  meeting_ended: 403,
  /** The meeting is locked: nobody new gets in (its organisers still do). */
  meeting_locked: 403,
  /** An organiser removed this person from the meeting: they stay out of it. */
  removed_from_meeting: 403,
  /** The organisation does not let people without an account join meetings. */
  anonymous_join_disabled: 403,
  /** The lobby turned this person away: their ticket opens nothing. */
  lobby_denied: 403,
  /** Too many people without an account already wait in this meeting's lobby. */
  lobby_full: 429,
  /** `engawa-agent register`: the code is unknown, used or expired, or the request is not signed by the key it registers. */
  agent_enrolment_invalid: 401,
  /** `engawa-agent report`: not signed by a registered agent device's key, too old, or seen before. */
  agent_report_refused: 401,
  not_found: 404,
  method_not_allowed: 405,
  slug_taken: 409,
  /** This browser's key is already registered (as another device, or by someone else). */
  device_key_in_use: 409,
  email_taken: 409,
  /** The address belongs to someone of the organisation: add them as a member, not as a guest. */
  not_a_guest: 409,
  setup_completed: 409,
  last_owner: 409,
  invalid_state: 409,
  /** Nobody has let this person in from the lobby yet: wait, then try again. */
  still_in_lobby: 409,
  /** Saving this conditional-access policy would shut every administrator out. */
  would_lock_out_admins: 409,
  /** The terms of use changed since they were read: read the new version, then accept it. */
  terms_changed: 409,
  /** The terms of use are named by a policy: change the policy first. */
  terms_in_use: 409,
  already_enrolled: 409,
  no_break_glass: 409,
  sso_not_configured: 409,
  name_taken: 409,
  payload_too_large: 413,
  /** An upload over the organisation's file size limit (the message says the limit). */
  file_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Body of every error response. `field` names the offending field for `invalid_request`. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field?: string;
    requestId?: string;
  };
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, value);
}
