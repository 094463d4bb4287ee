import { Button, Switch, makeStyles, tokens } from "@fluentui/react-components";
import { VideoOffRegular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { PageHeading } from "../../components/PageHeading.tsx";
import type { LocalMedia, LocalMediaState } from "../../meetings/localMedia.ts";
import { DeviceSelects } from "./DeviceSelects.tsx";
import { useMediaProblemText } from "./meetingWords.ts";
import { TrackVideo } from "./TrackMedia.tsx";

const useStyles = makeStyles({
  layout: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 3fr) minmax(16rem, 2fr)",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
    "@media (max-width: 760px)": { gridTemplateColumns: "1fr" },
  },
  preview: {
    position: "relative",
    aspectRatio: "16 / 9",
    backgroundColor: tokens.colorNeutralBackgroundInverted,
    borderRadius: tokens.borderRadiusLarge,
    overflow: "hidden",
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    color: tokens.colorNeutralForegroundInverted,
    margin: 0,
  },
  video: { width: "100%", height: "100%", objectFit: "cover", transform: "scaleX(-1)" },
  off: { display: "flex", flexDirection: "column", alignItems: "center", gap: "0.5rem" },
});

/**
 * Before joining: the camera preview, microphone and camera on or off, which devices to use, and
 * the Join button (which knocks: straight in, or to the lobby).
 */
export function PreJoin({
  title,
  media,
  state,
  busy,
  error,
  onJoin,
  before,
}: {
  /** The meeting's title when one already knows it (one's own meetings); else null. */
  title: string | null;
  media: LocalMedia;
  state: LocalMediaState;
  busy: boolean;
  error: unknown;
  onJoin: () => void;
  /** What comes first on the card (the name of someone joining without an account). */
  before?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const problemText = useMediaProblemText();
  const camera = state.cameraOn ? state.camera : null;
  return (
    <>
      <PageHeading>
        {title ? t("meetings.join.titleNamed", { title }) : t("meetings.join.titleUnknown")}
      </PageHeading>
      <p className={form.intro}>{t("meetings.join.intro")}</p>
      <div className={styles.layout}>
        <figure className={styles.preview} aria-label={t("meetings.join.preview")}>
          {camera ? (
            <TrackVideo track={camera} className={styles.video} />
          ) : (
            <figcaption className={styles.off}>
              <VideoOffRegular fontSize={32} aria-hidden />
              {t("meetings.join.cameraOff")}
            </figcaption>
          )}
        </figure>
        <div className={form.card}>
          {before}
          <>
            <Switch
              label={t("meetings.join.mic")}
              checked={state.micOn}
              onChange={(_e, data) => void media.setMic(data.checked)}
            />
            <Switch
              label={t("meetings.join.camera")}
              checked={state.cameraOn}
              onChange={(_e, data) => void media.setCamera(data.checked)}
            />
            <DeviceSelects media={media} state={state} />
            <StatusMessage intent="warning" message={problemText(state.problem)} />
          </>
          <p className={form.help}>{t("meetings.join.lobbyNote")}</p>
          <ErrorMessage error={error} />
          <div className={form.actions}>
            <Button appearance="primary" disabled={busy} onClick={onJoin}>
              {busy ? t("meetings.join.knocking") : t("meetings.join.submit")}
            </Button>
          </div>
        </div>
      </div>
    </>
  );
}
