import {
  DEVICE_NONCE_HEADER,
  DEVICE_PROOF_HEADER,
  isErrorCode,
  type DeviceListResponse,
  type DeviceResponse,
  type RegisterDeviceRequest,
} from "@engawa/shared";
import { ApiError, CSRF_HEADER } from "../api/client.ts";
import { createDeviceKey, forgetDeviceKey, readDeviceKey } from "./keyStore.ts";
import { signProof, thumbprintOf } from "./proof.ts";

/**
 * Starts the device worker (worker.ts) and resolves once it controls this page, so that the
 * page's requests are signed from then on. False where the browser has no service workers (then
 * it cannot be a registered device).
 */
export async function startDeviceWorker(): Promise<boolean> {
  if (!("serviceWorker" in navigator)) return false;
  await navigator.serviceWorker.register("/device-worker.js", { scope: "/", type: "module" });
  await navigator.serviceWorker.ready;
  if (navigator.serviceWorker.controller) return true;
  await new Promise<void>((resolve) =>
    navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }),
  );
  return true;
}

/** Whether this browser holds a device key (it registered, or began to). */
export async function hasDeviceKey(): Promise<boolean> {
  return (await readDeviceKey()) !== null;
}

/**
 * Registers this browser as a device of the signed-in person: makes a key (kept, non-extractable)
 * unless one exists, signs the registration with it and binds this session to it. The worker is
 * started first, so the requests after it are signed.
 */
export async function registerThisBrowser(name: string, csrfToken: string) {
  if (!(await startDeviceWorker())) throw new ApiError({ status: 0, code: "generic" });
  const key = (await readDeviceKey()) ?? (await createDeviceKey());
  navigator.serviceWorker.controller?.postMessage("device-key-changed");
  const probe = await fetch("/api/me", { credentials: "same-origin", cache: "no-store" });
  const nonce = probe.headers.get(DEVICE_NONCE_HEADER) ?? "";
  const body: RegisterDeviceRequest = { name, publicKey: key.publicKey };
  const response = await fetch("/api/me/devices", {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      [CSRF_HEADER]: csrfToken,
      [DEVICE_PROOF_HEADER]: await signProof(key.privateKey, "POST", "/api/me/devices", nonce),
    },
    body: JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => null)) as
    (DeviceResponse & { error?: { code?: string } }) | null;
  if (!response.ok) {
    const code = payload?.error?.code ?? "";
    throw new ApiError({ status: response.status, code: isErrorCode(code) ? code : "generic" });
  }
  return (payload as DeviceResponse).device;
}

/** Sessions this page has bound (or found bound) already, by CSRF token. */
const bound = new Set<string>();

/**
 * Binds the signed-in session to this browser's device, when this browser holds the key of one of
 * the person's active devices (a new sign-in on a registered browser). Nothing happens without a
 * key, or when the key is not one of theirs: their device was removed, or it is another person's
 * device on a shared browser (this browser then keeps that person's key).
 */
export async function bindThisBrowser(csrfToken: string): Promise<void> {
  if (bound.has(csrfToken)) return;
  bound.add(csrfToken);
  try {
    const key = await readDeviceKey();
    if (!key || !(await startDeviceWorker())) return;
    const listed = await fetch("/api/me/devices", { credentials: "same-origin" });
    if (!listed.ok) return;
    const { devices } = (await listed.json()) as DeviceListResponse;
    const thumbprint = await thumbprintOf(key.publicKey);
    const mine = devices.find((d) => d.thumbprint === thumbprint);
    // Not theirs (removed, or another person's on a shared browser), blocked, or bound already.
    if (!mine || mine.current || mine.status !== "active") return;
    await registerThisBrowser(mine.name, csrfToken);
  } catch {
    // The session simply stays unbound; the security page offers to register.
  }
}

/** Forgets this browser's key (after its device was removed): nothing is signed any more. */
export async function forgetThisBrowser(): Promise<void> {
  await forgetDeviceKey();
  navigator.serviceWorker?.controller?.postMessage("device-key-changed");
}
