import { createHmac } from "node:crypto";
import type { IceServer } from "@engawa/shared";
import type { MediaSettings } from "../../config/media.ts";

/**
 * The ICE servers a participant's browser gets once in the room: the STUN URLs, and TURN with a
 * credential that expires — coturn's shared-secret scheme (`use-auth-secret`,
 * draft-uberti-behave-turn-rest-00 §2.2): username `<expiry unix seconds>:<participant>`,
 * credential base64(HMAC-SHA1(secret, username)). coturn checks the HMAC and the expiry itself,
 * so a credential taken out of a meeting stops working on its own; the secret stays here.
 */
export function iceServersFor(media: MediaSettings, participantId: string, now: Date): IceServer[] {
  const servers: IceServer[] = [];
  if (media.stunUrls.length > 0) servers.push({ urls: media.stunUrls });
  if (media.turnUrls.length > 0 && media.turnSecret !== null) {
    const expiry = Math.floor(now.getTime() / 1000) + media.turnTtlSeconds;
    const username = `${expiry}:${participantId}`;
    const credential = createHmac("sha1", media.turnSecret).update(username).digest("base64");
    servers.push({ urls: media.turnUrls, username, credential });
  }
  return servers;
}
