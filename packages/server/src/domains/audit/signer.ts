import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import type { Clock } from "../../platform/clock.ts";
import { systemScope } from "../../platform/scope.ts";
import type { Keyring } from "../keys/index.ts";
import type { KeyStore } from "../keys/index.ts";

const PURPOSE = "audit_checkpoint";
const SCOPE = systemScope("audit checkpoint signing key");

/**
 * The deployment's Ed25519 key that signs audit checkpoints. Its private half is stored encrypted
 * under a deployment data key; the public half travels inside every checkpoint, so whoever keeps a
 * checkpoint can verify it without trusting the database it came from.
 */
export class CheckpointSigner {
  private cached: {
    id: string;
    publicKey: string;
    privateKey: ReturnType<typeof createPrivateKey>;
  } | null = null;

  private readonly keys: KeyStore;
  private readonly keyring: Keyring;
  private readonly clock: Clock;

  constructor(keys: KeyStore, keyring: Keyring, clock: Clock) {
    this.keys = keys;
    this.keyring = keyring;
    this.clock = clock;
  }

  async ensureKey(): Promise<void> {
    if (await this.keys.activeSigningKey(PURPOSE)) return;
    const pair = generateKeyPairSync("ed25519");
    const publicKey = pair.publicKey.export({ format: "jwk" }).x;
    if (!publicKey) throw new Error("Ed25519 public key export failed");
    const id = `ed25519-${publicKey.slice(0, 12)}`;
    const der = pair.privateKey.export({ format: "der", type: "pkcs8" });
    await this.keys.insertSigningKey({
      id,
      purpose: PURPOSE,
      publicKey,
      privateKeyEncrypted: await this.keyring.encrypt(SCOPE, "signing", der, `signing-key|${id}`),
      status: "active",
      createdAt: this.clock.now(),
    });
  }

  /** The id and public key that the next signature will carry. */
  async identity(): Promise<{ keyId: string; publicKey: string }> {
    const key = await this.load();
    return { keyId: key.id, publicKey: key.publicKey };
  }

  async sign(payload: string): Promise<string> {
    const key = await this.load();
    return sign(null, Buffer.from(payload, "utf8"), key.privateKey).toString("base64url");
  }

  /** Public key of a (possibly retired) signing key, to present old checkpoints. */
  async publicKeyOf(keyId: string): Promise<string | null> {
    return (await this.keys.signingKey(keyId))?.publicKey ?? null;
  }

  private async load(): Promise<NonNullable<CheckpointSigner["cached"]>> {
    if (this.cached) return this.cached;
    const row = await this.keys.activeSigningKey(PURPOSE);
    if (!row) throw new Error("no audit signing key; ensureKey() runs at start-up");
    const der = await this.keyring.decrypt(
      SCOPE,
      "signing",
      row.privateKeyEncrypted,
      `signing-key|${row.id}`,
    );
    this.cached = {
      id: row.id,
      publicKey: row.publicKey,
      privateKey: createPrivateKey({ key: der, format: "der", type: "pkcs8" }),
    };
    return this.cached;
  }
}

/** Checks an Ed25519 signature made by {@link CheckpointSigner.sign}. */
export function verifySignature(payload: string, publicKey: string, signature: string): boolean {
  try {
    const key = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: publicKey },
      format: "jwk",
    });
    return verify(null, Buffer.from(payload, "utf8"), key, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}
