import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import type { TestBrowser } from "./http.ts";
import { TEST_PUBLIC_URL } from "./testApp.ts";

/** What the CBOR encoder takes (tiny-cbor's value type, not re-exported). */
type CBOR = Parameters<typeof isoCBOR.encode>[0];

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** Flags of authenticator data (WebAuthn §6.1): user present, user verified, attested data. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/**
 * A software passkey (a discoverable ES256 credential with user verification) that answers
 * Engawa's WebAuthn ceremonies as a browser's authenticator would: "none" attestation at
 * registration (WebAuthn §8.7) and a real ECDSA P-256 signature over authenticator data and the
 * client data hash at sign-in. Nothing is mocked on the server: @simplewebauthn verifies it.
 */
export class SoftPasskey {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  private signCount = 0;
  private readonly rpIdHash = sha256(new URL(TEST_PUBLIC_URL).hostname);
  private readonly origin = new URL(TEST_PUBLIC_URL).origin;
  /** The user handle the server gave at registration (returned at sign-in). */
  private userHandle = "";

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    this.publicJwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
  }

  /** Registers this passkey for the browser's signed-in user (`/api/me/mfa/passkeys`). */
  async register(browser: TestBrowser, name: string): Promise<void> {
    const options = await browser.post("/api/me/mfa/passkeys/options");
    if (options.status !== 200) throw new Error(`passkey options: ${options.body}`);
    const { challengeId, options: creation } = options.json<{
      challengeId: string;
      options: { challenge: string; user: { id: string } };
    }>();
    this.userHandle = creation.user.id;
    const cose = new Map<number, CBOR>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, new Uint8Array(Buffer.from(this.publicJwk.x, "base64url"))],
      [-3, new Uint8Array(Buffer.from(this.publicJwk.y, "base64url"))],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      this.rpIdHash,
      Buffer.from([UP | UV | AT]),
      Buffer.alloc(4),
      Buffer.alloc(16),
      idLength,
      this.credentialId,
      Buffer.from(isoCBOR.encode(cose)),
    ]);
    const attestation = isoCBOR.encode(
      new Map<string, CBOR>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", new Uint8Array(authData)],
      ]),
    );
    const clientData = this.clientData("webauthn.create", creation.challenge);
    const reply = await browser.post("/api/me/mfa/passkeys", {
      challengeId,
      name,
      credential: {
        id: b64u(this.credentialId),
        rawId: b64u(this.credentialId),
        type: "public-key",
        clientExtensionResults: {},
        response: { clientDataJSON: b64u(clientData), attestationObject: b64u(attestation) },
      },
    });
    if (reply.status >= 300) throw new Error(`passkey registration: ${reply.body}`);
  }

  /** Signs in with this passkey alone (`/api/auth/passkey`); answers the sign-in's reply. */
  async signIn(browser: TestBrowser, tenant: string) {
    const options = await browser.post("/api/auth/passkey/options", { tenant });
    if (options.status !== 200) throw new Error(`passkey sign-in options: ${options.body}`);
    const { challengeId, options: request } = options.json<{
      challengeId: string;
      options: { challenge: string };
    }>();
    const reply = await browser.post("/api/auth/passkey", {
      tenant,
      challengeId,
      credential: this.assertion(request.challenge),
    });
    return browser.adopt(reply);
  }

  private assertion(challenge: string) {
    this.signCount += 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.signCount);
    const authData = Buffer.concat([this.rpIdHash, Buffer.from([UP | UV]), count]);
    const clientData = this.clientData("webauthn.get", challenge);
    const signature = sign(
      "sha256",
      Buffer.concat([authData, sha256(clientData)]),
      this.privateKey,
    );
    return {
      id: b64u(this.credentialId),
      rawId: b64u(this.credentialId),
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientData),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle: this.userHandle,
      },
    };
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(
      JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }),
    );
  }
}
