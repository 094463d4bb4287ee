import { useCallback, useEffect, useRef, useState } from "react";
import { asApiError } from "../api/client.ts";
import type { LocalMedia, LocalMediaState } from "./localMedia.ts";
import { mayPresent } from "./meetingRoles.ts";
import type { Room } from "./meetingState.ts";

/** Why one may not share one's screen now, or null when one may. */
export type PresentBlock = "rule" | "refused" | null;

/**
 * Sharing one's screen as the server allows it: before sharing, the server is asked (it decides
 * by the organisation's rule for one's role); stopping tells it; when the room says one no longer
 * presents (an organiser changed one's role, or the organisation narrowed who may present), the
 * share stops. The room's `whoMayPresent` tells
 * beforehand whether one may, so the button can say why not without asking.
 */
export function usePresenting(
  media: LocalMedia,
  local: LocalMediaState,
  room: Room | null,
  present: (presenting: boolean) => Promise<void>,
): { block: PresentBlock; start: () => Promise<void>; stop: () => void } {
  const role = room?.yourRole ?? "attendee";
  const rule = room?.whoMayPresent ?? "organizers";
  // The server's refusal holds for the role and rule it was given under: a new one asks again.
  const asked = `${role}|${rule}`;
  const [refusedFor, setRefusedFor] = useState<string | null>(null);
  const refused = refusedFor === asked;
  const allowed = room !== null && mayPresent(role, rule);
  const me = room?.peers.find((peer) => peer.participantId === room.participantId);
  const serverSays = me?.presenting ?? false;

  // The server stopped one's presenting (a role or rule change): the share stops too.
  const presentedBefore = useRef(serverSays);
  useEffect(() => {
    if (presentedBefore.current && !serverSays && media.get().sharing) media.stopSharing();
    presentedBefore.current = serverSays;
  }, [serverSays, media]);

  // The share ended (the button, or the browser's own bar): the server hears it.
  const sharedBefore = useRef(local.sharing);
  useEffect(() => {
    if (sharedBefore.current && !local.sharing) present(false).catch(() => undefined);
    sharedBefore.current = local.sharing;
  }, [local.sharing, present]);

  const start = useCallback(async () => {
    try {
      await present(true);
    } catch (error) {
      if (asApiError(error).code === "forbidden") setRefusedFor(asked);
      return;
    }
    await media.startSharing();
    // The picker was cancelled (or failed): one does not present after all.
    if (!media.get().sharing) await present(false).catch(() => undefined);
  }, [media, present, asked]);

  return {
    block: !allowed ? "rule" : refused ? "refused" : null,
    start,
    stop: () => media.stopSharing(),
  };
}
