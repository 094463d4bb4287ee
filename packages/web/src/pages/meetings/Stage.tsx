import { useEffect, useId, useState } from "react";
import { Badge, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { LockClosedRegular, MicOffRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../components/DateTime.tsx";
import { StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { PageHeading } from "../../components/PageHeading.tsx";
import type { LocalMedia, LocalMediaState } from "../../meetings/localMedia.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import { mayUnmute, runsLobby } from "../../meetings/meetingRoles.ts";
import type { SessionState } from "../../meetings/meetingSession.ts";
import { useActiveSpeaker, useRemoteMedia } from "../../meetings/useMeeting.ts";
import { usePresenting } from "../../meetings/usePresenting.ts";
import type { MeetingChat } from "../../meetings/useMeetingChat.ts";
import { LabelBadge } from "../teams/ContentLabel.tsx";
import { MeetingChatPanel } from "./MeetingChatPanel.tsx";
import { ParticipantsPanel } from "./ParticipantsPanel.tsx";
import { StageControls, type SidePanel } from "./StageControls.tsx";
import { useMediaProblemText } from "./meetingWords.ts";
import { VideoTile } from "./VideoTile.tsx";

const useStyles = makeStyles({
  stage: { flexGrow: 1, minHeight: 0, display: "flex", flexDirection: "column" },
  top: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalS,
    "& h1": { margin: 0, fontSize: tokens.fontSizeBase500 },
  },
  body: {
    flexGrow: 1,
    minHeight: 0,
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr)",
    gap: tokens.spacingHorizontalM,
  },
  withPanel: {
    gridTemplateColumns: "minmax(0, 1fr) minmax(16rem, 22rem)",
    "@media (max-width: 800px)": { gridTemplateColumns: "1fr", gridTemplateRows: "auto auto" },
  },
  grid: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 260px), 1fr))",
    alignContent: "start",
    gap: tokens.spacingHorizontalS,
    overflowY: "auto",
    minHeight: 0,
    flexGrow: 1,
  },
  /** The tiles scroll within the stage, so what follows them stays above the control bar. */
  tiles: { minHeight: 0, display: "flex", flexDirection: "column" },
  /** Beside the title, so it takes no height from the tiles (a lone tile fills the stage). */
  alone: { color: tokens.colorNeutralForeground2, margin: 0 },
});

/** The time now, moving on each minute (for the watermark). */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * The meeting itself: the video grid (oneself first, then everyone in the room, the active speaker
 * outlined and named), the controls, the lock and mute state in words, and one side panel: the
 * participants and lobby, or the chat (what it shows is read; while closed, new messages are
 * counted on its button and announced). Media goes through the session's transport (mesh.ts today); the stage
 * only hands it the tracks to send. An attendee cannot unmute while attendees are muted.
 */
export function Stage({
  selfName,
  api,
  state,
  media,
  local,
  chat,
  onPresent,
  onLeave,
}: {
  /** One's own name (the account's, or the one typed without an account). */
  selfName: string;
  api: MeetingApi;
  state: SessionState;
  media: LocalMedia;
  local: LocalMediaState;
  chat: MeetingChat;
  /** Tells the server one starts or stops presenting (rejects when it refuses). */
  onPresent: (presenting: boolean) => Promise<void>;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const panelId = useId();
  const problemText = useMediaProblemText();
  const room = state.room;
  const transport = state.transport;
  const remote = useRemoteMedia(transport);
  const role = room?.yourRole ?? "attendee";
  const [panel, setPanel] = useState<SidePanel | null>(() =>
    runsLobby(role) ? "participants" : null,
  );
  const chatOpen = panel === "chat";
  const { markRead } = chat;
  const speaker = useActiveSpeaker(
    transport,
    room?.participantId ?? null,
    local.micOn ? local.mic : null,
  );
  const canUnmute = mayUnmute(role, room?.attendeesMuted ?? false);
  const presenting = usePresenting(media, local, room, onPresent);
  const now = useMinuteClock();
  // A meeting labelled from the watermark rank shows each viewer their own name and the time.
  // What the room told on entering (everyone let in, people without an account too), or the
  // meeting as read since.
  const shown = state.meeting ?? room?.meeting ?? null;
  const watermark = shown?.watermark ? `${selfName} · ${formatDateTime(now.toISOString())}` : null;

  // What goes out follows one's devices: a switch or a screen share replaces the track.
  useEffect(() => {
    const out = media.outgoing();
    transport?.setTrack("audio", out.audio);
    transport?.setTrack("video", out.video);
  }, [transport, media, local]);

  // The open chat has been seen, including whatever arrives while it stays open.
  useEffect(() => {
    if (chatOpen) markRead();
  }, [chatOpen, chat.log, markRead]);

  // Organisers muted attendees: an attendee's microphone goes off and stays off.
  useEffect(() => {
    if (!canUnmute && local.micOn) void media.setMic(false);
  }, [canUnmute, local.micOn, media]);

  if (!room) return null;
  const others = room.peers.filter((peer) => peer.participantId !== room.participantId);
  const ownVideo = local.screen ?? (local.cameraOn ? local.camera : null);
  return (
    <div className={styles.stage}>
      <div className={styles.top}>
        <PageHeading>{shown?.title ?? t("meetings.stage.titleUnknown")}</PageHeading>
        {shown?.label && <LabelBadge name={shown.label.name} />}
        <Badge appearance="tint" color="informative">
          {t("meetings.stage.youRole", { role: t(`meetings.roles.${role}`) })}
        </Badge>
        {room.locked && (
          <Badge appearance="tint" color="warning" icon={<LockClosedRegular />}>
            {t("meetings.stage.locked")}
          </Badge>
        )}
        {room.attendeesMuted && (
          <Badge appearance="tint" color="warning" icon={<MicOffRegular />}>
            {t("meetings.stage.attendeesMuted")}
          </Badge>
        )}
        {others.length === 0 && <p className={styles.alone}>{t("meetings.stage.alone")}</p>}
      </div>
      <StatusMessage intent="warning" message={problemText(local.problem)} />
      <div className={mergeClasses(styles.body, panel !== null && styles.withPanel)}>
        <div className={styles.tiles}>
          <ul className={styles.grid} aria-label={t("meetings.stage.tiles")}>
            <VideoTile
              name={t("meetings.stage.you", { name: selfName })}
              video={ownVideo}
              audio={null}
              videoOn={ownVideo !== null}
              muted={!local.micOn}
              speaking={speaker === room.participantId && local.micOn}
              status={local.sharing ? t("meetings.stage.sharing") : null}
              mirrored={!local.screen}
              screen={local.screen !== null}
              watermark={watermark}
            />
            {others.map((peer) => {
              const media = remote.get(peer.participantId);
              const status =
                media?.state === "failed"
                  ? t("meetings.stage.failed")
                  : media?.state !== "connected"
                    ? t("meetings.stage.connecting")
                    : null;
              return (
                <VideoTile
                  key={peer.participantId}
                  name={peer.displayName}
                  video={media?.video ?? null}
                  audio={media?.audio ?? null}
                  videoOn={media?.videoOn ?? false}
                  muted={!(media?.audioOn ?? false)}
                  // The highlight lingers a moment after speech; never on someone muted.
                  speaking={speaker === peer.participantId && (media?.audioOn ?? false)}
                  status={peer.presenting ? (status ?? t("meetings.stage.presenting")) : status}
                  watermark={watermark}
                />
              );
            })}
          </ul>
        </div>
        {chatOpen && <MeetingChatPanel id={panelId} chat={chat} selfName={selfName} />}
        {panel === "participants" && (
          <ParticipantsPanel
            id={panelId}
            api={api}
            room={room}
            waiting={state.waiting}
            selfName={selfName}
            title={shown?.title ?? t("meetings.stage.titleUnknown")}
          />
        )}
      </div>
      {/* Those who run the lobby hear when someone starts waiting, wherever their focus is. */}
      <div role="status" className={form.visuallyHidden}>
        {state.waiting?.length
          ? t("meetings.stage.lobbyAnnouncement", { count: state.waiting.length })
          : ""}
      </div>
      <div role="status" className={form.visuallyHidden}>
        {!chatOpen && chat.unread > 0
          ? t("meetings.stage.chatAnnouncement", { count: chat.unread })
          : ""}
      </div>
      <StageControls
        media={media}
        local={local}
        canUnmute={canUnmute}
        presentBlock={presenting.block}
        whoMayPresent={room.whoMayPresent}
        onShare={() => void presenting.start()}
        onStopSharing={presenting.stop}
        panelId={panelId}
        panel={panel}
        onTogglePanel={(which) => setPanel((open) => (open === which ? null : which))}
        waiting={state.waiting?.length ?? null}
        unread={chat.unread}
        onLeave={onLeave}
      />
    </div>
  );
}
