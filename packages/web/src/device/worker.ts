/**
 * The device worker (a service worker at `/device-worker.js`, scope `/`): once this browser is a
 * registered device, every request the pages make to `/api/` — fetches, images, downloads — leaves
 * with a proof signed by the device's key (header `x-engawa-device-proof`), so the server can tell
 * this browser from someone holding a copy of its cookie. The pages' own script never sees the
 * private key's bytes (non-extractable); the WebSocket proves itself in band (challenge.ts).
 */
import { DEVICE_NONCE_HEADER, DEVICE_PROOF_HEADER } from "@engawa/shared";
import { readDeviceKey, type StoredDeviceKey } from "./keyStore.ts";
import { signProof } from "./proof.ts";

/** What this file uses of the service-worker scope (the DOM library does not describe it). */
interface FetchEventLike extends Event {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(
    type: "install" | "activate",
    listener: (event: ExtendableEventLike) => void,
  ): void;
  addEventListener(type: "fetch", listener: (event: FetchEventLike) => void): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
/** The server's latest nonce (every answer to a signed-in session offers one). */
let nonce: string | null = null;
/** The key as last read (undefined: read it again — the pages say when it changed). */
let cachedKey: StoredDeviceKey | null | undefined;

scope.addEventListener("install", (event) => event.waitUntil(scope.skipWaiting()));
scope.addEventListener("activate", (event) => event.waitUntil(scope.clients.claim()));
scope.addEventListener("message", (event) => {
  if (event.data === "device-key-changed") {
    cachedKey = undefined;
    nonce = null;
  }
});
scope.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== scope.location.origin || !url.pathname.startsWith("/api/")) return;
  if (url.pathname === "/api/ws") return;
  event.respondWith(send(event.request, url));
});

async function send(request: Request, url: URL): Promise<Response> {
  cachedKey ??= await readDeviceKey();
  const key = cachedKey;
  if (!key) return fetch(request);
  // A body can be sent once: keep a copy for the one retry a stale nonce may need — but not of an
  // upload's bytes, which the copy would hold in memory (an upload is sent once, with a nonce
  // fetched just before it).
  const upload = request.headers.get("content-type") === "application/octet-stream";
  const bodiless = request.method === "GET" || request.method === "HEAD";
  const spare = bodiless || upload ? null : request.clone();
  if (upload) nonce = await freshNonce();
  nonce ??= await freshNonce();
  const first = await fetch(await withProof(request, url, key));
  remember(first);
  if (first.status !== 401 || upload || !(await refusedForProof(first.clone()))) return first;
  return fetch(await withProof(spare ?? request, url, key)).then((second) => {
    remember(second);
    return second;
  });
}

/** The request again with a proof (a navigation — a download link — is rebuilt as a plain GET). */
async function withProof(request: Request, url: URL, key: StoredDeviceKey): Promise<Request> {
  const headers = new Headers(request.headers);
  if (nonce)
    headers.set(
      DEVICE_PROOF_HEADER,
      await signProof(key.privateKey, request.method, url.pathname + url.search, nonce),
    );
  if (request.mode === "navigate")
    return new Request(url, { method: "GET", headers, credentials: "same-origin" });
  return new Request(request, { headers });
}

/** Any answer to a signed-in session carries the nonce, a refusal too. */
async function freshNonce(): Promise<string | null> {
  const response = await fetch("/api/me", { credentials: "same-origin", cache: "no-store" });
  return response.headers.get(DEVICE_NONCE_HEADER);
}

function remember(response: Response): void {
  const offered = response.headers.get(DEVICE_NONCE_HEADER);
  if (offered) nonce = offered;
}

async function refusedForProof(response: Response): Promise<boolean> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === "device_proof_required";
}
