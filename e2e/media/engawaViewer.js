// A subscribe-only meeting client for the meetings benchmark, injected into a page served by
// Engawa (same origin, so the session cookie goes with the knock and the WebSocket). One `watch`
// is one participant's join as a browser makes it through Engawa — knock (the lobby's rules
// decide), the WebSocket, `meeting.room.join`, `meeting.media.subscribe` to one feed, the answer,
// `meeting.media.start` — up to the first decoded frame, each step timed with performance.now().
// It never publishes, so what it times is the join alone; the baseline is directClient.js's
// `subscribe`, the same join made straight to Janus (same polling for the first frame).
/* global window, document, WebSocket, RTCPeerConnection, MediaStream, fetch, location, performance */
/**
 * @typedef {{ event?: string, replyTo?: string, ok?: boolean, payload?: any,
 *   error?: { code?: string, message?: string } }} Frame
 * @typedef {{ candidate: string, sdpMid: string | null, sdpMLineIndex: number | null } | null} Candidate
 * @typedef {number | null} Mark
 * @typedef {{ knockSent: Mark, knocked: Mark, socketOpen: Mark, ready: Mark, roomJoined: Mark,
 *   subscribed: Mark, answered: Mark, started: Mark, connected: Mark, firstFrame: Mark }} ViewerTimings
 */
(() => {
  const CSRF_HEADER = "x-engawa-csrf";
  const FRAME_POLL_MS = 10;
  /** @type {any} */
  const page = window;

  /** The session's CSRF token: a page has it from loading, so it is not part of a join. */
  async function csrfToken() {
    const me = await (await fetch("/api/me")).json();
    return String(me.session.csrfToken);
  }

  /**
   * Joins the meeting with its code and watches `feed` (a participant id) until the first frame.
   * Resolves with the timings and `leave`, which closes the PeerConnection and the WebSocket (the
   * server closes the join when its socket closes) and resolves once the socket is closed.
   * @param {{ tenant: string, code: string, csrf: string, feed: string, timeoutMs?: number }} options
   */
  async function watch({ tenant, code, csrf, feed, timeoutMs = 30_000 }) {
    /** @type {ViewerTimings} */
    const timings = {
      knockSent: performance.now(),
      knocked: null,
      socketOpen: null,
      ready: null,
      roomJoined: null,
      subscribed: null,
      answered: null,
      started: null,
      connected: null,
      firstFrame: null,
    };
    const reply = await fetch(`/api/t/${tenant}/meeting-joins`, {
      method: "POST",
      headers: { "content-type": "application/json", [CSRF_HEADER]: csrf },
      body: JSON.stringify({ code }),
    });
    if (reply.status !== 201) throw new Error(`knock: ${reply.status} ${await reply.text()}`);
    const { participantId, meetingId, outcome } = await reply.json();
    timings.knocked = performance.now();
    if (outcome !== "admitted") throw new Error(`waiting in the lobby (${outcome})`);

    const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/api/ws`);
    const closed = new Promise((resolve) => socket.addEventListener("close", resolve));
    const pc = new RTCPeerConnection({ iceServers: [] });
    const video = document.createElement("video");
    const leave = async () => {
      video.remove();
      pc.close();
      socket.close();
      await closed;
    };
    try {
      /** @type {Map<string, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
      const waiting = new Map();
      let counter = 0;
      /** @type {(type: string, payload: object) => Promise<any>} */
      const send = (type, payload) => {
        const id = String(++counter);
        socket.send(JSON.stringify({ id, type, payload }));
        return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
      };
      const ready = new Promise((resolve, reject) => {
        socket.addEventListener("open", () => (timings.socketOpen = performance.now()));
        socket.addEventListener("close", () => reject(new Error("the WebSocket closed")));
        socket.addEventListener("message", (event) => {
          /** @type {Frame} */
          const frame = JSON.parse(String(event.data));
          if (frame.event === "ready") resolve(undefined);
          const done = frame.replyTo ? waiting.get(frame.replyTo) : undefined;
          if (frame.replyTo && done) {
            waiting.delete(frame.replyTo);
            if (frame.ok) done.resolve(frame.payload);
            else done.reject(new Error(`${frame.error?.code}: ${frame.error?.message}`));
          }
        });
      });
      await ready;
      timings.ready = performance.now();

      const base = { meetingId, participantId };
      const entered = await send("meeting.room.join", base);
      timings.roomJoined = performance.now();
      if (entered.mode !== "sfu") throw new Error(`the room runs ${entered.mode}, not the SFU`);
      if (!entered.feeds.includes(feed)) throw new Error(`feed ${feed} is not up`);

      video.muted = true;
      video.autoplay = true;
      video.playsInline = true;
      document.body.append(video);
      pc.addEventListener("track", ({ streams, track }) => {
        video.srcObject = streams[0] ?? new MediaStream([track]);
      });
      pc.addEventListener("connectionstatechange", () => {
        if (pc.connectionState === "connected" && timings.connected === null)
          timings.connected = performance.now();
      });
      /** @type {string | null} */
      let subscriptionId = null;
      /** @type {Candidate[]} */
      const early = [];
      /** @param {Candidate} candidate */
      const trickle = (candidate) =>
        send("meeting.media.trickle", { ...base, target: subscriptionId, candidate }).catch(
          () => undefined,
        );
      pc.addEventListener("icecandidate", ({ candidate: c }) => {
        /** @type {Candidate} */
        const candidate = c
          ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex }
          : null;
        if (subscriptionId === null) early.push(candidate);
        else void trickle(candidate);
      });
      const firstFrame = waitForFirstFrame(pc, timeoutMs);
      firstFrame.catch(() => undefined); // awaited below, unless a step fails first

      const offered = await send("meeting.media.subscribe", { ...base, feed });
      timings.subscribed = performance.now();
      subscriptionId = offered.subscriptionId;
      await pc.setRemoteDescription({ type: "offer", sdp: offered.offer });
      await pc.setLocalDescription(await pc.createAnswer());
      timings.answered = performance.now();
      for (const candidate of early.splice(0)) void trickle(candidate);
      await send("meeting.media.start", {
        ...base,
        subscriptionId,
        answer: pc.localDescription?.sdp,
      });
      timings.started = performance.now();
      timings.firstFrame = await firstFrame;
      return { participantId, timings, leave };
    } catch (error) {
      await leave();
      throw error;
    }
  }

  /**
   * Polls getStats until a video frame is decoded (as directClient.js does); its performance.now().
   * @param {RTCPeerConnection} pc @param {number} timeoutMs @returns {Promise<number>}
   */
  async function waitForFirstFrame(pc, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (pc.connectionState === "closed") throw new Error("PeerConnection closed before a frame");
      let frames = 0;
      (await pc.getStats()).forEach((/** @type {any} */ stat) => {
        if (stat.type === "inbound-rtp" && stat.kind === "video") frames += stat.framesDecoded ?? 0;
      });
      const now = performance.now();
      if (frames > 0) return now;
      if (now > deadline) throw new Error(`no video frame decoded within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, FRAME_POLL_MS));
    }
  }

  page.engawaViewer = { csrfToken, watch };
})();
