import { Type, type Static } from "typebox";
import { MeResponse } from "./auth.ts";
import { Password, Slug, Timestamp, Uuid } from "./common.ts";

/** Six digits from an authenticator app (RFC 6238 with the usual 6-digit setting). */
export const TotpCode = Type.String({ pattern: "^[0-9]{6}$", description: "Six digits" });

/** A recovery code as shown to the user: `XXXXX-XXXXX`; case and the hyphen are forgiven. */
export const RecoveryCode = Type.String({
  pattern: "^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$",
  description: "A recovery code, e.g. `7K2QM-XD9PA`",
});

export const RECOVERY_CODE_COUNT = 10;

export const TotpCodeRequest = Type.Object({ code: TotpCode }, { additionalProperties: false });
export type TotpCodeRequest = Static<typeof TotpCodeRequest>;

/**
 * Confirming it is still you before a sensitive change: the password (when the account has one)
 * and, when an authenticator app is set up, a code from it. A passkey is the other way (its own
 * routes), and is enough alone.
 */
export const StepUpRequest = Type.Object(
  { password: Type.Optional(Password), code: Type.Optional(TotpCode) },
  { additionalProperties: false },
);
export type StepUpRequest = Static<typeof StepUpRequest>;

export const RecoveryCodeRequest = Type.Object(
  { code: RecoveryCode },
  { additionalProperties: false },
);
export type RecoveryCodeRequest = Static<typeof RecoveryCodeRequest>;

export const TotpSetupResponse = Type.Object({
  /** Base32, for typing into the app when the QR code cannot be scanned. */
  secret: Type.String(),
  /** `otpauth://totp/…`, shown as a QR code. */
  uri: Type.String(),
});
export type TotpSetupResponse = Static<typeof TotpSetupResponse>;

export const RecoveryCodesResponse = Type.Object({ codes: Type.Array(Type.String()) });
export type RecoveryCodesResponse = Static<typeof RecoveryCodesResponse>;

/** After a factor is added: the session as it is now, and recovery codes when they were created. */
export const EnrolledResponse = Type.Object({
  me: MeResponse,
  recoveryCodes: Type.Union([Type.Array(Type.String()), Type.Null()]),
});
export type EnrolledResponse = Static<typeof EnrolledResponse>;

export const PasskeySummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});
export type PasskeySummary = Static<typeof PasskeySummary>;

export const MfaStatusResponse = Type.Object({
  totp: Type.Object({
    enrolled: Type.Boolean(),
    confirmedAt: Type.Union([Timestamp, Type.Null()]),
  }),
  passkeys: Type.Array(PasskeySummary),
  recoveryCodes: Type.Object({ remaining: Type.Integer(), total: Type.Integer() }),
});
export type MfaStatusResponse = Static<typeof MfaStatusResponse>;

export const PasskeyName = Type.String({ minLength: 1, maxLength: 60 });

/** Base64url as WebAuthn's JSON encodes binary fields (W3C WebAuthn L3 §5.1). */
const B64u = (maxLength: number) =>
  Type.String({ pattern: "^[A-Za-z0-9_-]*$", minLength: 1, maxLength });

const credentialEnvelope = {
  id: B64u(1024),
  rawId: B64u(1024),
  type: Type.Literal("public-key"),
  clientExtensionResults: Type.Object({}, { additionalProperties: true, maxProperties: 8 }),
  authenticatorAttachment: Type.Optional(
    Type.Union([Type.Literal("platform"), Type.Literal("cross-platform")]),
  ),
};

/**
 * `navigator.credentials.create()`'s answer as `@simplewebauthn/browser` sends it
 * (`RegistrationResponseJSON`); the WebAuthn verification then checks its contents.
 */
export const WebAuthnRegistration = Type.Object(
  {
    ...credentialEnvelope,
    response: Type.Object(
      {
        clientDataJSON: B64u(4096),
        attestationObject: B64u(32768),
        authenticatorData: Type.Optional(B64u(16384)),
        transports: Type.Optional(
          Type.Array(Type.String({ pattern: "^[a-z-]{1,16}$" }), { maxItems: 8 }),
        ),
        publicKeyAlgorithm: Type.Optional(Type.Integer()),
        publicKey: Type.Optional(B64u(8192)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** `navigator.credentials.get()`'s answer (`AuthenticationResponseJSON`). */
export const WebAuthnAssertion = Type.Object(
  {
    ...credentialEnvelope,
    response: Type.Object(
      {
        clientDataJSON: B64u(4096),
        authenticatorData: B64u(16384),
        // ML-DSA-87 signatures are 4,627 bytes (FIPS 204); Chromium may choose ML-DSA when offered.
        signature: B64u(8192),
        userHandle: Type.Optional(B64u(256)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const PasskeyOptionsResponse = Type.Object({
  challengeId: Uuid,
  /** `PublicKeyCredentialCreationOptionsJSON` or `…RequestOptionsJSON` for the browser. */
  options: Type.Record(Type.String(), Type.Unknown()),
});
export type PasskeyOptionsResponse = Static<typeof PasskeyOptionsResponse>;

export const PasskeyRegisterRequest = Type.Object(
  { challengeId: Uuid, name: PasskeyName, credential: WebAuthnRegistration },
  { additionalProperties: false },
);
export type PasskeyRegisterRequest = Static<typeof PasskeyRegisterRequest>;

export const PasskeyAssertionRequest = Type.Object(
  { challengeId: Uuid, credential: WebAuthnAssertion },
  { additionalProperties: false },
);
export type PasskeyAssertionRequest = Static<typeof PasskeyAssertionRequest>;

export const PasskeySignInOptionsRequest = Type.Object(
  { tenant: Slug },
  { additionalProperties: false },
);
export type PasskeySignInOptionsRequest = Static<typeof PasskeySignInOptionsRequest>;

export const PasskeySignInRequest = Type.Object(
  { tenant: Slug, challengeId: Uuid, credential: WebAuthnAssertion },
  { additionalProperties: false },
);
export type PasskeySignInRequest = Static<typeof PasskeySignInRequest>;

export const PasskeyParams = Type.Object({ passkeyId: Uuid }, { additionalProperties: false });
export type PasskeyParams = Static<typeof PasskeyParams>;
