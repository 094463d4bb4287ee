import type {
  MeetingPublishAnswer,
  MeetingSubscribeOffer,
  MeetingTricklePayload,
} from "@engawa/shared";

/** A browser's ICE candidate as the SFU's trickle takes it, or null: gathering completed. */
export type SfuCandidate = MeetingTricklePayload["candidate"];

/**
 * The SFU's signalling, one's own seat's: every request goes over the meeting's WebSocket as a
 * gateway action (`meeting.media.*`); Engawa speaks to Janus. The browser never reaches Janus's
 * API, never learns its ids or the room's secret — only media and ICE flow to Janus directly.
 */
export interface SfuSignalling {
  /** One's media offer in, the SFU's answer back. */
  publish(offer: string): Promise<string>;
  /** Another participant's feed: the SFU's offer, and the id to answer it by. */
  subscribe(feed: string): Promise<MeetingSubscribeOffer>;
  /** The answer to a subscription's offer: media starts. */
  start(subscriptionId: string, answer: string): Promise<void>;
  /** An ICE candidate for one's publisher (`"publisher"`) or a subscription. */
  trickle(target: string, candidate: SfuCandidate): Promise<void>;
}

/** Sends one request on the meeting's connection and resolves with its reply. */
export type MeetingCall = <T>(type: string, payload: object) => Promise<T>;

/** The SFU's signalling for one's seat (`meetingId`, `participantId`) over a meeting connection. */
export function sfuSignallingOver(
  call: MeetingCall,
  seat: { meetingId: string; participantId: string },
): SfuSignalling {
  return {
    publish: async (offer) =>
      (await call<MeetingPublishAnswer>("meeting.media.publish", { ...seat, offer })).answer,
    subscribe: (feed) => call<MeetingSubscribeOffer>("meeting.media.subscribe", { ...seat, feed }),
    start: (subscriptionId, answer) =>
      call("meeting.media.start", { ...seat, subscriptionId, answer }).then(() => undefined),
    trickle: (target, candidate) =>
      call("meeting.media.trickle", { ...seat, target, candidate }).then(() => undefined),
  };
}

/** How long a description waits for ICE gathering before it goes with what it has. */
const GATHERING_WAIT_MS = 1_000;

/**
 * Sets the local description and sends it once ICE gathering completed (or after a second):
 * the candidates travel inside the SDP rather than one WebSocket frame each — a class of 40
 * subscribes to 39 feeds at once, and the server admits 100 frames in 10 s per connection.
 * Candidates found later trickle through `late` (then null: gathering completed).
 */
export async function describeWithCandidates(
  pc: RTCPeerConnection,
  late: (candidate: SfuCandidate) => void,
): Promise<string> {
  let sent = false;
  const done = new Promise<void>((resolve) => {
    const timer = window.setTimeout(resolve, GATHERING_WAIT_MS);
    pc.addEventListener("icecandidate", ({ candidate }) => {
      if (!candidate?.candidate) {
        window.clearTimeout(timer);
        resolve();
      }
      if (!sent) return;
      // Only what the description did not carry goes on its own.
      late(
        candidate?.candidate
          ? {
              candidate: candidate.candidate,
              sdpMid: candidate.sdpMid,
              sdpMLineIndex: candidate.sdpMLineIndex,
            }
          : null,
      );
    });
  });
  await pc.setLocalDescription();
  await done;
  sent = true;
  const description = pc.localDescription;
  if (!description) throw new Error("no local description");
  return description.sdp;
}

/**
 * Candidates found after a description went: held until the other side's reply makes a target
 * to send them to (a publisher answered, a subscription started), then sent in order.
 */
export class Trickle {
  private readonly send: (candidate: SfuCandidate) => Promise<void>;
  private held: SfuCandidate[] | null = [];

  constructor(send: (candidate: SfuCandidate) => Promise<void>) {
    this.send = send;
  }

  push(candidate: SfuCandidate): void {
    if (this.held) this.held.push(candidate);
    else void this.send(candidate).catch(() => undefined);
  }

  /** The target exists now: what was held goes, and what comes goes at once. */
  open(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const candidate of held) void this.send(candidate).catch(() => undefined);
  }
}
