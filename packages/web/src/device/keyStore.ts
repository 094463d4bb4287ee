import type { DevicePublicKey } from "@engawa/shared";

/**
 * This browser's device key, kept in IndexedDB: the private half is a non-extractable CryptoKey
 * (IndexedDB stores the object, never its bytes — script can sign with it but cannot read it or
 * send it anywhere), with the public half as the JWK the server registered. Shared by the pages
 * and the device worker (same origin, same database).
 */
export interface StoredDeviceKey {
  privateKey: CryptoKey;
  publicKey: DevicePublicKey;
}

const DATABASE = "engawa-device";
const STORE = "keys";
const KEY = "device";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB unavailable"));
  });
}

async function run<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
    });
  } finally {
    db.close();
  }
}

export async function readDeviceKey(): Promise<StoredDeviceKey | null> {
  try {
    return (await run<StoredDeviceKey | undefined>("readonly", (s) => s.get(KEY))) ?? null;
  } catch {
    return null;
  }
}

/** Makes a new key pair (P-256, private half non-extractable) and keeps it. */
export async function createDeviceKey(): Promise<StoredDeviceKey> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ]);
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  const stored: StoredDeviceKey = {
    privateKey: pair.privateKey,
    publicKey: { kty: "EC", crv: "P-256", x: String(jwk.x), y: String(jwk.y) },
  };
  await run("readwrite", (s) => s.put(stored, KEY));
  return stored;
}

export async function forgetDeviceKey(): Promise<void> {
  await run("readwrite", (s) => s.delete(KEY));
}
