// A minimal meeting client for media tests, injected into a page served by Engawa (same origin,
// so the session cookie goes with the WebSocket). It speaks only Engawa's gateway — knocking,
// entering the room, and the SFU's signalling (meeting.media.*) — never Janus itself: the test
// shows that a browser gets media through Janus without ever reaching Janus's API.
/* global window, WebSocket, RTCPeerConnection, navigator, fetch, location, performance */
/**
 * @typedef {{ event?: string, replyTo?: string, ok?: boolean, payload?: any,
 *   error?: { code?: string, message?: string } }} Frame
 * @typedef {{ candidate: string, sdpMid: string | null, sdpMLineIndex: number | null } | null} Candidate
 * @typedef {{ send: (type: string, payload: object) => Promise<any>,
 *   on: (listener: (frame: Frame) => void) => void, close: () => void }} Gateway
 */
(() => {
  const CSRF_HEADER = "x-engawa-csrf";
  /** @type {any} */
  const page = window;

  /**
   * The page's WebSocket to Engawa: requests by id, events to listeners.
   * @returns {Promise<Gateway>}
   */
  async function openGateway() {
    const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/api/ws`);
    /** @type {Map<string, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
    const waiting = new Map();
    /** @type {Set<(frame: Frame) => void>} */
    const listeners = new Set();
    let counter = 0;
    /** @type {() => void} */
    let ready = () => undefined;
    const readyPromise = new Promise((resolve) => (ready = () => resolve(undefined)));
    socket.addEventListener("message", (event) => {
      /** @type {Frame} */
      const frame = JSON.parse(String(event.data));
      if (frame.event === "ready") ready();
      const done = frame.replyTo ? waiting.get(frame.replyTo) : undefined;
      if (frame.replyTo && done) {
        waiting.delete(frame.replyTo);
        if (frame.ok) done.resolve(frame.payload);
        else done.reject(new Error(`${frame.error?.code}: ${frame.error?.message}`));
      }
      if (frame.event) for (const listener of listeners) listener(frame);
    });
    await readyPromise;
    return {
      send(type, payload) {
        const id = String(++counter);
        socket.send(JSON.stringify({ id, type, payload }));
        return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
      },
      on(listener) {
        listeners.add(listener);
      },
      close() {
        socket.close();
      },
    };
  }

  /**
   * Knocks with the join code; the session's CSRF token comes from /api/me.
   * @param {string} tenant
   * @param {string} code
   * @returns {Promise<{ participantId: string, meetingId: string, outcome: string }>}
   */
  async function knock(tenant, code) {
    const me = await (await fetch("/api/me")).json();
    const reply = await fetch(`/api/t/${tenant}/meeting-joins`, {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: me.session.csrfToken },
      body: JSON.stringify({ code }),
    });
    if (reply.status !== 201) throw new Error(`knock: ${reply.status} ${await reply.text()}`);
    return reply.json();
  }

  /** @param {RTCIceCandidate | null} c @returns {Candidate} */
  const candidateOf = (c) =>
    c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null;

  /**
   * Knocks, enters the room, publishes the fake camera through the SFU and subscribes to every
   * other feed as it appears. Returns a handle the test reads statistics from.
   * @param {{ tenant: string, code: string, width: number, height: number, audio?: boolean }} options
   */
  async function join({ tenant, code, width, height, audio = false }) {
    /** @type {{ knockAt: number, firstFrameAt: number | null }} */
    const timings = { knockAt: performance.now(), firstFrameAt: null };
    const { participantId, meetingId, outcome } = await knock(tenant, code);
    if (outcome !== "admitted") throw new Error(`waiting in the lobby (${outcome})`);
    const gateway = await openGateway();
    /** @type {Map<string, { pc: RTCPeerConnection, subscriptionId: string | null, pending: Candidate[] }>} */
    const subscriptions = new Map();
    const base = { meetingId, participantId };
    /** @type {string[]} */
    let feeds = [];

    /** @param {string} feed */
    async function subscribe(feed) {
      if (subscriptions.has(feed) || feed === participantId) return;
      const pc = new RTCPeerConnection({ iceServers: [] });
      /** @type {{ pc: RTCPeerConnection, subscriptionId: string | null, pending: Candidate[] }} */
      const entry = { pc, subscriptionId: null, pending: [] };
      subscriptions.set(feed, entry);
      pc.onicecandidate = (event) => {
        const candidate = candidateOf(event.candidate);
        if (entry.subscriptionId === null) entry.pending.push(candidate);
        else
          gateway
            .send("meeting.media.trickle", {
              ...base,
              target: entry.subscriptionId,
              candidate,
            })
            .catch(() => undefined);
      };
      const { subscriptionId, offer } = await gateway.send("meeting.media.subscribe", {
        ...base,
        feed,
      });
      entry.subscriptionId = subscriptionId;
      await pc.setRemoteDescription({ type: "offer", sdp: offer });
      await pc.setLocalDescription(await pc.createAnswer());
      await gateway.send("meeting.media.start", {
        ...base,
        subscriptionId,
        answer: pc.localDescription?.sdp,
      });
      for (const candidate of entry.pending.splice(0))
        await gateway.send("meeting.media.trickle", { ...base, target: subscriptionId, candidate });
    }

    /** @param {{ feeds: string[] }} room */
    const onRoom = (room) => {
      feeds = room.feeds;
      for (const feed of room.feeds) subscribe(feed).catch((e) => (page.__sfuError = String(e)));
    };
    /** A room event came after entering: it is newer than what entering answered. */
    let heard = false;
    gateway.on((frame) => {
      if (frame.event !== "meeting.room") return;
      heard = true;
      onRoom(frame.payload);
    });
    const entered = await gateway.send("meeting.room.join", base);
    if (entered.mode !== "sfu")
      throw new Error(`the room runs ${entered.mode}, not through the SFU`);

    const stream = await navigator.mediaDevices.getUserMedia({
      audio,
      video: { width, height, frameRate: 15 },
    });
    const publisher = new RTCPeerConnection({ iceServers: [] });
    /** @type {Candidate[]} */
    const early = [];
    let published = false;
    publisher.onicecandidate = (event) => {
      const candidate = candidateOf(event.candidate);
      if (!published) early.push(candidate);
      else
        gateway
          .send("meeting.media.trickle", { ...base, target: "publisher", candidate })
          .catch(() => undefined);
    };
    for (const track of stream.getTracks())
      publisher.addTransceiver(track, { direction: "sendonly" });
    await publisher.setLocalDescription(await publisher.createOffer());
    const { answer } = await gateway.send("meeting.media.publish", {
      ...base,
      offer: publisher.localDescription?.sdp,
    });
    await publisher.setRemoteDescription({ type: "answer", sdp: answer });
    published = true;
    for (const candidate of early.splice(0))
      await gateway.send("meeting.media.trickle", { ...base, target: "publisher", candidate });
    // The room as entering found it, unless an event since (e.g. one's own feed coming up while
    // the candidates above were sent) told something newer: the stale list must not replace it.
    if (!heard) onRoom({ feeds: entered.feeds });

    return {
      participantId,
      meetingId,
      feeds: () => feeds,
      timings,
      /** Per subscribed feed: inbound video bytes and decoded frames, and audio bytes. */
      async inbound() {
        /** @type {Record<string, { bytes: number, frames: number, audioBytes: number }>} */
        const result = {};
        for (const [feed, { pc }] of subscriptions) {
          let bytes = 0;
          let frames = 0;
          let audioBytes = 0;
          (await pc.getStats()).forEach((/** @type {any} */ report) => {
            if (report.type === "inbound-rtp" && report.kind === "video") {
              bytes += report.bytesReceived ?? 0;
              frames += report.framesDecoded ?? 0;
            }
            if (report.type === "inbound-rtp" && report.kind === "audio")
              audioBytes += report.bytesReceived ?? 0;
          });
          if (frames > 0 && timings.firstFrameAt === null) timings.firstFrameAt = performance.now();
          result[feed] = { bytes, frames, audioBytes };
        }
        return result;
      },
      leave() {
        for (const { pc } of subscriptions.values()) pc.close();
        publisher.close();
        for (const track of stream.getTracks()) track.stop();
        gateway.close();
      },
    };
  }

  page.engawaSfu = { join };
})();
