import { readDeviceKey } from "./keyStore.ts";
import { signProof } from "./proof.ts";

/**
 * Answers the hub's `device.challenge` (a device-bound session's WebSocket hears nothing until it
 * does): signs `WS /api/ws` with the challenge's nonce and this browser's key. True when the frame
 * was the challenge (answered, or left unanswered without a key: the server then closes).
 */
export function answerDeviceChallenge(
  socket: WebSocket,
  frame: { event?: string; payload?: unknown },
): boolean {
  if (frame.event !== "device.challenge") return false;
  const nonce = (frame.payload as { nonce?: unknown } | undefined)?.nonce;
  void (async () => {
    const key = await readDeviceKey();
    if (!key || typeof nonce !== "string" || socket.readyState !== WebSocket.OPEN) return;
    const proof = await signProof(key.privateKey, "WS", "/api/ws", nonce);
    socket.send(JSON.stringify({ id: "device-proof", type: "device.prove", payload: { proof } }));
  })();
  return true;
}
