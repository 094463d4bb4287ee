import { useEffect, type ReactNode } from "react";
import type { LocalMedia, LocalMediaState } from "../../meetings/localMedia.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import type { MeetingSession, SessionState } from "../../meetings/meetingSession.ts";
import { useMeetingChat } from "../../meetings/useMeetingChat.ts";
import { LobbyWaiting, MeetingEnd, Reconnecting } from "./MeetingNotice.tsx";
import { Stage } from "./Stage.tsx";

/**
 * What a meeting shows in each phase, the same for a member and for someone without an account:
 * the caller's pre-join screen until they knock, the lobby, "reconnecting", the stage, and the
 * end in words. The chat lives here, not in the stage, so a dropped connection that comes back
 * loses nothing already seen; once the meeting is over the camera and microphone are released.
 */
export function MeetingPhaseView({
  api,
  session,
  state,
  media,
  local,
  selfName,
  preJoin,
  onRejoin,
}: {
  api: MeetingApi;
  session: MeetingSession;
  state: SessionState;
  media: LocalMedia;
  local: LocalMediaState;
  /** How one's own tile is named. */
  selfName: string;
  /** The screen before knocking (`busy` while the knock is on its way). */
  preJoin: (busy: boolean) => ReactNode;
  onRejoin: () => void;
}) {
  const chat = useMeetingChat(api, session, state.room);
  const phase = state.phase;
  const over =
    phase.name === "denied" ||
    phase.name === "refused" ||
    phase.name === "closed" ||
    phase.name === "failed";
  useEffect(() => {
    if (over) media.stop();
  }, [over, media]);

  switch (phase.name) {
    case "ready":
    case "knocking":
      return preJoin(phase.name === "knocking");
    case "lobby":
      return <LobbyWaiting onLeave={() => void session.leave()} />;
    case "reconnecting":
      return <Reconnecting />;
    case "inRoom":
      return (
        <Stage
          selfName={selfName}
          api={api}
          state={state}
          media={media}
          local={local}
          chat={chat}
          onPresent={(presenting) => session.present(presenting)}
          onLeave={() => void session.leave()}
        />
      );
    default:
      return <MeetingEnd phase={phase} onRejoin={onRejoin} />;
  }
}
