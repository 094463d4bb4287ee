export { Keyring, type KeyPurpose, type RotationResult } from "./keyring.ts";
export { createKeyStore, type KeyStore } from "./store.ts";
