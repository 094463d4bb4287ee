/** A camera or microphone the browser offers. */
export interface MediaDevice {
  deviceId: string;
  /** The browser's name for it; empty until the person allowed the device (the page numbers it). */
  label: string;
}

/** Why a camera, microphone or screen could not be had, in terms the page words. */
export type MediaProblem = "denied" | "notFound" | "inUse" | "unsupported" | "failed";

/** One's own media as the page shows it. */
export interface LocalMediaState {
  micOn: boolean;
  cameraOn: boolean;
  sharing: boolean;
  mic: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  micId: string;
  cameraId: string;
  mics: MediaDevice[];
  cameras: MediaDevice[];
  /** The last thing that went wrong (shown until the next change). */
  problem: { what: "mic" | "camera" | "screen"; why: MediaProblem } | null;
}

function problemOf(error: unknown): MediaProblem {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "notFound";
  if (name === "NotReadableError" || name === "AbortError") return "inUse";
  if (name === "TypeError") return "unsupported";
  return "failed";
}

const hasMediaDevices = () =>
  typeof navigator !== "undefined" && navigator.mediaDevices !== undefined;

/**
 * One's camera, microphone and screen, from the pre-join screen to the end of the meeting. The
 * camera is released when turned off (its light goes out); the microphone is kept and only
 * disabled while muted, so unmuting is instant. What is sent: {@link outgoing}.
 */
export class LocalMedia {
  private state: LocalMediaState = {
    micOn: true,
    cameraOn: true,
    sharing: false,
    mic: null,
    camera: null,
    screen: null,
    micId: "",
    cameraId: "",
    mics: [],
    cameras: [],
    problem: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly onDeviceChange = () => void this.listDevices();
  private stopped = false;

  /** Asks for the camera and microphone (the browser's prompt), then lists the devices. */
  async start(): Promise<void> {
    this.stopped = false;
    if (!hasMediaDevices()) {
      this.set({ micOn: false, cameraOn: false, problem: { what: "camera", why: "unsupported" } });
      return;
    }
    navigator.mediaDevices.addEventListener("devicechange", this.onDeviceChange);
    await this.openMic(this.state.micId);
    await this.openCamera(this.state.cameraId);
    await this.listDevices();
  }

  get(): LocalMediaState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What goes to the others: the microphone unless muted; the screen, else the camera if on. */
  outgoing(): { audio: MediaStreamTrack | null; video: MediaStreamTrack | null } {
    const { micOn, mic, cameraOn, camera, screen } = this.state;
    return { audio: micOn ? mic : null, video: screen ?? (cameraOn ? camera : null) };
  }

  async setMic(on: boolean): Promise<void> {
    if (on && !this.state.mic) await this.openMic(this.state.micId);
    const mic = this.state.mic;
    if (mic) mic.enabled = on;
    this.set({ micOn: on && mic !== null });
  }

  async setCamera(on: boolean): Promise<void> {
    if (on) {
      await this.openCamera(this.state.cameraId);
      return;
    }
    this.state.camera?.stop();
    this.set({ cameraOn: false, camera: null });
  }

  /** Another microphone: the new track replaces the old one wherever it is sent. */
  async switchMic(deviceId: string): Promise<void> {
    this.set({ micId: deviceId });
    await this.openMic(deviceId);
  }

  async switchCamera(deviceId: string): Promise<void> {
    this.set({ cameraId: deviceId });
    if (this.state.cameraOn) await this.openCamera(deviceId);
  }

  /** Shares a screen or window (the browser asks which); ends when the browser's bar stops it. */
  async startSharing(): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = stream.getVideoTracks()[0] ?? null;
      if (!track) return;
      track.addEventListener("ended", () => {
        if (this.state.screen === track) this.set({ screen: null, sharing: false });
      });
      if (this.stopped) {
        track.stop();
        return;
      }
      this.set({ screen: track, sharing: true, problem: null });
    } catch (error) {
      // Cancelling the browser's picker is not a problem worth a message.
      if (error instanceof DOMException && error.name === "NotAllowedError") return;
      this.set({ problem: { what: "screen", why: problemOf(error) } });
    }
  }

  stopSharing(): void {
    this.state.screen?.stop();
    this.set({ screen: null, sharing: false });
  }

  /** Releases every device (the page is leaving). */
  stop(): void {
    this.stopped = true;
    if (hasMediaDevices())
      navigator.mediaDevices.removeEventListener("devicechange", this.onDeviceChange);
    for (const track of [this.state.mic, this.state.camera, this.state.screen]) track?.stop();
    this.set({ mic: null, camera: null, screen: null, sharing: false });
  }

  private async openMic(deviceId: string): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: deviceId ? { deviceId: { exact: deviceId } } : true,
      });
      const track = stream.getAudioTracks()[0] ?? null;
      if (this.stopped) {
        track?.stop();
        return;
      }
      this.state.mic?.stop();
      if (track) track.enabled = this.state.micOn;
      this.set({ mic: track, micId: track?.getSettings().deviceId ?? deviceId, problem: null });
    } catch (error) {
      this.set({ micOn: false, problem: { what: "mic", why: problemOf(error) } });
    }
  }

  private async openCamera(deviceId: string): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: {
          ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          width: { ideal: 640 },
          height: { ideal: 360 },
        },
      });
      const track = stream.getVideoTracks()[0] ?? null;
      if (this.stopped) {
        track?.stop();
        return;
      }
      this.state.camera?.stop();
      this.set({
        camera: track,
        cameraOn: track !== null,
        cameraId: track?.getSettings().deviceId ?? deviceId,
        problem: null,
      });
    } catch (error) {
      this.set({ cameraOn: false, problem: { what: "camera", why: problemOf(error) } });
    }
  }

  private async listDevices(): Promise<void> {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const of = (kind: MediaDeviceKind) =>
        devices
          .filter((device) => device.kind === kind && device.deviceId)
          .map((device) => ({ deviceId: device.deviceId, label: device.label }));
      this.set({ mics: of("audioinput"), cameras: of("videoinput") });
    } catch {
      // No list: the default devices are used.
    }
  }

  private set(change: Partial<LocalMediaState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of [...this.listeners]) listener();
  }
}
