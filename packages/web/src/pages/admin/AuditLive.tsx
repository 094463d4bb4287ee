import { useEffect, useEffectEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AuditEvent } from "@engawa/shared";
import { StatusMessage } from "../../components/ErrorMessage.tsx";
import { answerDeviceChallenge } from "../../device/challenge.ts";

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
 * with it), mounted only while "Live updates" is on: unmounting closes the socket. It subscribes
 * once the server says `ready`; the server re-checks the session and the permission for every
 * frame and every delivery, and closes with 4401 when the session ends.
 */
export function AuditLive({
  onEvent,
  onSessionEnded,
}: {
  onEvent: (event: AuditEvent) => void;
  onSessionEnded: () => void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<"connecting" | "on" | "lost">("connecting");
  const deliver = useEffectEvent(onEvent);
  const ended = useEffectEvent(onSessionEnded);

  useEffect(() => {
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
      if (answerDeviceChallenge(socket, frame)) return;
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
  }, []);

  return (
    <StatusMessage
      intent={status === "lost" ? "warning" : "info"}
      message={status === "on" ? t("audit.liveOn") : status === "lost" ? t("audit.liveLost") : null}
    />
  );
}
