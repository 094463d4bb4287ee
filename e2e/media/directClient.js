/**
 * A minimal browser client for Janus's VideoRoom plugin, talking straight to Janus's WebSocket API
 * (no janus.js: Debian does not package it, and a CDN is out of reach). Media tests use it to prove
 * that media flows through Janus, and the benchmark uses it as the baseline for "join to first
 * remote frame": it records `performance.now()` at each step, plus `performance.timeOrigin` so
 * times from different pages can be compared.
 *
 * Signalling, per Janus 1.1: every request carries a transaction; `ack`s are skipped and the real
 * reply is the later `success`/`event`/`error` with the same transaction. Publishers are only
 * ready once Janus says `webrtcup`: until then Janus refuses subscribers with 428 "No such feed".
 */

const KEEPALIVE_MS = 25_000;
/** Long enough for a busy 2-core machine; short enough to name the step that never finished. */
const REPLY_TIMEOUT_MS = 20_000;
const ROOM_EXISTS = 427;

/** @typedef {Record<string, unknown>} Json */
/** @typedef {{ janus: string, transaction?: string, sender?: number, data?: { id: number }, plugindata?: { data: Json }, jsep?: RTCSessionDescriptionInit, error?: { code: number, reason: string } }} JanusMessage */

/**
 * The reply to a plugin request: the plugin's data and the JSEP Janus sent with it, if any.
 * @typedef {{ data: Json, jsep?: RTCSessionDescriptionInit }} Reply
 */

/**
 * `performance.now()` of a step, or null if it has not happened (yet).
 * @typedef {number | null} Mark
 */

/**
 * @typedef {object} PublisherTimings
 * @property {number} timeOrigin performance.timeOrigin of this page
 * @property {Mark} joinSent the publisher `join` request was sent
 * @property {Mark} joined Janus answered `joined`
 * @property {Mark} answered the configure answer was applied
 * @property {Mark} connected the PeerConnection reached "connected" (ICE and DTLS done)
 * @property {Mark} webrtcUp Janus said `webrtcup`
 */

/**
 * @typedef {object} SubscriberTimings
 * @property {number} timeOrigin performance.timeOrigin of this page
 * @property {Mark} joinSent the subscriber `join` request was sent
 * @property {Mark} attached Janus answered `attached` with its offer
 * @property {Mark} started Janus answered `started`
 * @property {Mark} connected the PeerConnection reached "connected" (ICE and DTLS done)
 * @property {Mark} firstFrame first getStats with framesDecoded > 0
 */

/**
 * @typedef {object} InboundVideo
 * @property {number} bytesReceived
 * @property {number} framesDecoded
 * @property {number} frameWidth
 * @property {number} frameHeight
 */

/** One Janus session over its own WebSocket, with keepalives. */
class JanusSession {
  /** @param {WebSocket} ws */
  constructor(ws) {
    /** @type {WebSocket} */
    this.ws = ws;
    /** @type {number} */
    this.id = 0;
    /** @type {Map<string, { resolve: (m: JanusMessage) => void, reject: (e: Error) => void }>} */
    this.pending = new Map();
    /** @type {((m: JanusMessage) => void)[]} */
    this.listeners = [];
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.keepalive = undefined;
    ws.addEventListener("message", (event) => this.receive(JSON.parse(String(event.data))));
    ws.addEventListener("close", () => {
      clearInterval(this.keepalive);
      for (const { reject } of this.pending.values()) reject(new Error("Janus WebSocket closed"));
      this.pending.clear();
    });
  }

  /** @param {string} wsUrl */
  static async open(wsUrl) {
    const ws = new WebSocket(wsUrl, "janus-protocol");
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", () => reject(new Error(`cannot reach Janus at ${wsUrl}`)), {
        once: true,
      });
    });
    const session = new JanusSession(ws);
    const created = await session.send({ janus: "create" });
    session.id = created.data?.id ?? 0;
    session.keepalive = setInterval(() => session.fire({ janus: "keepalive" }), KEEPALIVE_MS);
    return session;
  }

  /** @param {JanusMessage} message */
  receive(message) {
    if (message.janus === "ack") return;
    const waiting = message.transaction ? this.pending.get(message.transaction) : undefined;
    if (waiting) {
      this.pending.delete(/** @type {string} */ (message.transaction));
      const error = message.error ?? pluginError(message);
      if (error) waiting.reject(new JanusError(error.code, error.reason));
      else waiting.resolve(message);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  /** Sends a request; resolves with the reply that is not an `ack`. @param {Json} body */
  send(body) {
    const transaction = crypto.randomUUID();
    const what = [body.janus, /** @type {Json | undefined} */ (body.body)?.request]
      .filter(Boolean)
      .join(" ");
    /** @type {Promise<JanusMessage>} */
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new Error(`Janus did not answer "${what}" within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(transaction, {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
    this.post(body, transaction);
    return reply;
  }

  /**
   * Sends a request whose reply does not matter (keepalive, trickle: Janus only acks them).
   * @param {Json} body
   */
  fire(body) {
    if (this.ws.readyState === WebSocket.OPEN) this.post(body, crypto.randomUUID());
  }

  /** @param {Json} body @param {string} transaction */
  post(body, transaction) {
    this.ws.send(
      JSON.stringify({ ...body, transaction, ...(this.id ? { session_id: this.id } : {}) }),
    );
  }

  /** Attaches a VideoRoom handle. */
  async attach() {
    const attached = await this.send({ janus: "attach", plugin: "janus.plugin.videoroom" });
    return new VideoRoomHandle(this, attached.data?.id ?? 0);
  }

  /** Destroys the session on Janus (its handles and PeerConnections go with it), then closes. */
  async close() {
    clearInterval(this.keepalive);
    if (this.ws.readyState === WebSocket.OPEN) {
      await Promise.race([
        this.send({ janus: "destroy" }).catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 1_000)),
      ]);
      this.ws.close();
    }
  }
}

class JanusError extends Error {
  /** @param {number} code @param {string} reason */
  constructor(code, reason) {
    super(`Janus error ${code}: ${reason}`);
    this.code = code;
  }
}

/** A VideoRoom error comes back as plugin data, not as a Janus error. @param {JanusMessage} m */
function pluginError(m) {
  const data = m.plugindata?.data;
  if (data && typeof data.error_code === "number") {
    return { code: data.error_code, reason: String(data.error) };
  }
  return undefined;
}

/** A handle attached to the VideoRoom plugin. */
class VideoRoomHandle {
  /** @param {JanusSession} session @param {number} id */
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  /**
   * A plugin request; resolves with its data (and JSEP, if any).
   * @param {Json} body @param {RTCSessionDescriptionInit} [jsep] @returns {Promise<Reply>}
   */
  async message(body, jsep) {
    const reply = await this.session.send({
      janus: "message",
      handle_id: this.id,
      body,
      ...(jsep ? { jsep } : {}),
    });
    return { data: reply.plugindata?.data ?? {}, jsep: reply.jsep };
  }

  /** Sends this PeerConnection's ICE candidates to Janus as they come. @param {RTCPeerConnection} pc */
  trickle(pc) {
    pc.addEventListener("icecandidate", ({ candidate }) => {
      const body = candidate
        ? {
            candidate: candidate.candidate,
            sdpMid: candidate.sdpMid,
            sdpMLineIndex: candidate.sdpMLineIndex,
          }
        : { completed: true };
      this.session.fire({ janus: "trickle", handle_id: this.id, candidate: body });
    });
  }

  /**
   * Resolves on the next asynchronous Janus event of this handle (e.g. "webrtcup").
   * @param {string} kind @returns {Promise<JanusMessage>}
   */
  next(kind) {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.session.listeners = this.session.listeners.filter((l) => l !== listener);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Janus did not say "${kind}" within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      /** @param {JanusMessage} m */
      const listener = (m) => {
        if (m.sender !== this.id) return;
        if (m.janus === kind) {
          done();
          resolve(m);
        } else if (m.janus === "hangup" || m.janus === "detached") {
          done();
          reject(new Error(`Janus said "${m.janus}" while waiting for "${kind}"`));
        }
      };
      this.session.listeners.push(listener);
    });
  }
}

/** @param {VideoRoomHandle} handle @param {number} room */
async function ensureRoom(handle, room) {
  const { data } = await handle.message({ request: "exists", room });
  if (data.exists) return;
  try {
    await handle.message({
      request: "create",
      room,
      publishers: 16,
      videocodec: "vp8",
      bitrate: 512_000,
    });
  } catch (error) {
    // Another publisher created it in between.
    if (!(error instanceof JanusError && error.code === ROOM_EXISTS)) throw error;
  }
}

/**
 * Publishes the fake camera into a VideoRoom room (created if missing). Resolves once Janus says
 * `webrtcup`, so subscribers can join straight away. `frameRate` (ideal, as Engawa's client asks
 * it) is left to the camera when not given.
 * @param {{ wsUrl: string, room: number, display?: string, width?: number, height?: number, frameRate?: number }} options
 */
export async function publish({
  wsUrl,
  room,
  display = "publisher",
  width = 320,
  height = 240,
  frameRate,
}) {
  /** @type {PublisherTimings} */
  const timings = {
    timeOrigin: performance.timeOrigin,
    joinSent: null,
    joined: null,
    answered: null,
    connected: null,
    webrtcUp: null,
  };
  const session = await JanusSession.open(wsUrl);
  const pc = new RTCPeerConnection({ iceServers: [] });
  markConnected(pc, timings);
  /** @type {MediaStream | undefined} */
  let stream;
  try {
    const handle = await session.attach();
    await ensureRoom(handle, room);
    timings.joinSent = performance.now();
    const { data } = await handle.message({ request: "join", ptype: "publisher", room, display });
    timings.joined = performance.now();
    const feed = Number(data.id);

    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: {
        width: { exact: width },
        height: { exact: height },
        ...(frameRate === undefined ? {} : { frameRate }),
      },
    });
    const [track] = stream.getVideoTracks();
    if (!track) throw new Error("getUserMedia returned no video track");
    pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
    handle.trickle(pc);
    const webrtcUp = handle.next("webrtcup");
    webrtcUp.catch(() => {}); // awaited below, unless configure fails first
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const { jsep } = await handle.message(
      { request: "configure", audio: false, video: true },
      offer,
    );
    if (!jsep) throw new Error("Janus sent no answer to the publisher's offer");
    await pc.setRemoteDescription(jsep);
    timings.answered = performance.now();
    await webrtcUp;
    timings.webrtcUp = performance.now();

    const settings = track.getSettings();
    return {
      feed,
      pc,
      timings,
      /** What the camera actually delivers. */
      size: { width: settings.width ?? 0, height: settings.height ?? 0 },
      frameRate: settings.frameRate ?? 0,
      close: () => closeAll(session, pc, stream),
    };
  } catch (error) {
    await closeAll(session, pc, stream);
    throw error;
  }
}

/**
 * Subscribes to one publisher's feed and shows it in a new `<video>` element. Resolves once the
 * subscription is started; `firstFrame` resolves at the first decoded frame.
 * @param {{ wsUrl: string, room: number, feed: number, firstFrameTimeoutMs?: number }} options
 */
export async function subscribe({ wsUrl, room, feed, firstFrameTimeoutMs = 30_000 }) {
  /** @type {SubscriberTimings} */
  const timings = {
    timeOrigin: performance.timeOrigin,
    joinSent: null,
    attached: null,
    started: null,
    connected: null,
    firstFrame: null,
  };
  const session = await JanusSession.open(wsUrl);
  const pc = new RTCPeerConnection({ iceServers: [] });
  markConnected(pc, timings);
  const video = document.createElement("video");
  try {
    const handle = await session.attach();
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.dataset.feed = String(feed);
    document.body.append(video);
    pc.addEventListener("track", ({ streams, track }) => {
      video.srcObject = streams[0] ?? new MediaStream([track]);
    });
    handle.trickle(pc);

    timings.joinSent = performance.now();
    const firstFrame = waitForFirstFrame(pc, firstFrameTimeoutMs).then((at) => {
      timings.firstFrame = at;
      return at;
    });
    firstFrame.catch(() => {}); // awaited (or not) by the caller; never an unhandled rejection
    const { jsep: offer } = await handle.message({
      request: "join",
      ptype: "subscriber",
      room,
      streams: [{ feed }],
    });
    timings.attached = performance.now();
    if (!offer) throw new Error(`Janus sent no offer for feed ${feed}`);
    await pc.setRemoteDescription(offer);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await handle.message({ request: "start", room }, answer);
    timings.started = performance.now();
    return {
      pc,
      video,
      timings,
      firstFrame,
      close: async () => {
        video.remove();
        await closeAll(session, pc);
      },
    };
  } catch (error) {
    video.remove();
    await closeAll(session, pc);
    throw error;
  }
}

/** @param {RTCPeerConnection} pc @param {{ connected: Mark }} timings */
function markConnected(pc, timings) {
  pc.addEventListener("connectionstatechange", () => {
    if (pc.connectionState === "connected" && timings.connected === null) {
      timings.connected = performance.now();
    }
  });
}

/**
 * Polls getStats until a video frame is decoded; resolves with its `performance.now()`.
 * @param {RTCPeerConnection} pc @param {number} timeoutMs @returns {Promise<number>}
 */
async function waitForFirstFrame(pc, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (pc.connectionState === "closed") throw new Error("PeerConnection closed before a frame");
    const { framesDecoded } = await inboundVideo(pc);
    const now = performance.now();
    if (framesDecoded > 0) return now;
    if (now > deadline) throw new Error(`no video frame decoded within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Received video on this PeerConnection (summed over its inbound video streams).
 * @param {RTCPeerConnection} pc @returns {Promise<InboundVideo>}
 */
export async function inboundVideo(pc) {
  const total = { bytesReceived: 0, framesDecoded: 0, frameWidth: 0, frameHeight: 0 };
  const report = await pc.getStats();
  report.forEach((/** @type {Json} */ stat) => {
    if (stat.type !== "inbound-rtp" || stat.kind !== "video") return;
    total.bytesReceived += Number(stat.bytesReceived ?? 0);
    total.framesDecoded += Number(stat.framesDecoded ?? 0);
    total.frameWidth = Math.max(total.frameWidth, Number(stat.frameWidth ?? 0));
    total.frameHeight = Math.max(total.frameHeight, Number(stat.frameHeight ?? 0));
  });
  return total;
}

/** Video bytes received so far on this PeerConnection. @param {RTCPeerConnection} pc */
export async function inboundVideoBytes(pc) {
  return (await inboundVideo(pc)).bytesReceived;
}

/**
 * @param {JanusSession} session @param {RTCPeerConnection} pc @param {MediaStream} [stream]
 */
async function closeAll(session, pc, stream) {
  for (const track of stream?.getTracks() ?? []) track.stop();
  pc.close();
  await session.close();
}
