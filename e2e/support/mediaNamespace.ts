import { networkInterfaces } from "node:os";
import { chromium, type Browser } from "playwright-core";

/**
 * What code running inside the media tests' private network namespace (set up by
 * `e2e/media/namespace.sh`, for `run.sh` and the meetings benchmark) needs to know. Janus and
 * libnice ignore loopback interfaces when they gather ICE candidates, so WebRTC between Chromium
 * and Janus needs a real, non-loopback interface: the runner creates a veth pair that exists only
 * inside the namespace, where no packet can leave.
 */

/** Set to "1" by `e2e/media/namespace.sh` (which `run.sh` uses) once the veth pair is up. */
export const MEDIA_NAMESPACE_ENV = "ENGAWA_MEDIA_NAMESPACE";

/** The veth pair inside the namespace; only `vx0` has an address, `vx1` just has to be UP. */
export const MEDIA_VETH = {
  interface: "vx0",
  peer: "vx1",
  address: "10.200.1.1",
  prefixLength: 30,
} as const;

/**
 * True when running under `e2e/media/namespace.sh` (`run.sh`): the marker is set and vx0 holds
 * its address. Node (libuv) lists only interfaces that are UP and RUNNING, which is also what
 * Janus requires: vx0 is not RUNNING while its peer vx1 is down.
 */
export function insideMediaNamespace(): boolean {
  if (process.env[MEDIA_NAMESPACE_ENV] !== "1") return false;
  const addresses = networkInterfaces()[MEDIA_VETH.interface] ?? [];
  return addresses.some((a) => a.family === "IPv4" && a.address === MEDIA_VETH.address);
}

/** Throws, telling how to run the media tests, unless inside the namespace. */
export function assertInsideMediaNamespace(): void {
  if (!insideMediaNamespace()) {
    throw new Error(
      "Media tests must run inside their private network namespace (Janus ignores loopback, so " +
        `they need the ${MEDIA_VETH.interface} veth pair it creates). Run: bash e2e/media/run.sh`,
    );
  }
}

/** The size tests ask of Chromium's fake camera (it cannot be set by a flag, only by getUserMedia). */
export const FAKE_CAMERA = { width: 320, height: 240 } as const;

/**
 * Chromium flags for media tests: those of `launchChromium` in browser.ts, plus a fake camera
 * granted without a prompt, and real host candidates instead of mDNS `.local` names (nothing in
 * the namespace could resolve them).
 */
export const MEDIA_CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--disable-features=WebRtcHideLocalIpsWithMdns",
];

/** Debian's Chromium with MEDIA_CHROMIUM_ARGS. */
export function launchMediaChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: MEDIA_CHROMIUM_ARGS });
}
