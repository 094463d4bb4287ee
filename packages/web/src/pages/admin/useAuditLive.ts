import { useEffect, useEffectEvent, useState } from "react";
import type { AuditEvent } from "@engawa/shared";

/** off → connecting → on; "lost" when the connection dropped or the server refused. */
export type LiveStatus = "off" | "connecting" | "on" | "lost";

/** The server closes with 4401 when the session behind the socket has ended. */
const CLOSE_SESSION_ENDED = 4401;
const SUBSCRIBE_ID = "1";

interface ServerFrame {
  event?: string;
  replyTo?: string | null;
  ok?: boolean;
  payload?: unknown;
}

/**
 * Live audit events over the one WebSocket (`/api/ws`, same origin, so the session cookie goes
 * with it). It subscribes once the server says `ready`, and the server re-checks the session
 * and the permission for every frame and every delivery.
 */
export function useAuditLive(
  enabled: boolean,
  onEvent: (event: AuditEvent) => void,
  onSessionEnded: () => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("off");
  const deliver = useEffectEvent(onEvent);
  const ended = useEffectEvent(onSessionEnded);

  useEffect(() => {
    if (!enabled) {
      setStatus("off");
      return;
    }
    setStatus("connecting");
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${window.location.host}/api/ws`);
    let closedByUs = false;
    socket.addEventListener("message", (message) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.event === "ready") {
        socket.send(JSON.stringify({ id: SUBSCRIBE_ID, type: "audit.subscribe", payload: {} }));
      } else if (frame.replyTo === SUBSCRIBE_ID) {
        setStatus(frame.ok ? "on" : "lost");
      } else if (frame.event === "audit.appended" && frame.payload) {
        deliver(frame.payload as AuditEvent);
      }
    });
    socket.addEventListener("close", (close) => {
      if (closedByUs) return;
      if (close.code === CLOSE_SESSION_ENDED) ended();
      else setStatus("lost");
    });
    return () => {
      closedByUs = true;
      socket.close(1000, "live view closed");
    };
  }, [enabled]);

  return status;
}
