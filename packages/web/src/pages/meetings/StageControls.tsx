import { useId, useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  ToggleButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  CallEndRegular,
  MicOffRegular,
  MicRegular,
  PeopleRegular,
  SettingsRegular,
  ShareScreenStartRegular,
  ShareScreenStopRegular,
  VideoOffRegular,
  VideoRegular,
} from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { useFormStyles } from "../../components/layout.ts";
import type { LocalMedia, LocalMediaState } from "../../meetings/localMedia.ts";
import { DeviceSelects } from "./DeviceSelects.tsx";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    flexWrap: "wrap",
    justifyContent: "center",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} 0`,
  },
  explanation: {
    flexBasis: "100%",
    textAlign: "center",
    margin: 0,
    color: tokens.colorNeutralForeground2,
  },
  leave: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ":hover": {
      backgroundColor: tokens.colorPaletteRedForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
    },
  },
});

const canShareScreen = () =>
  typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getDisplayMedia === "function";

/**
 * The meeting's controls, in reading order: microphone, camera, screen share, devices,
 * participants, leave. Toggles say their state with `aria-pressed` (and their icon); a microphone
 * an organiser muted stays focusable and says why it cannot be turned on.
 */
export function StageControls({
  media,
  local,
  canUnmute,
  panelId,
  panelOpen,
  onTogglePanel,
  waiting,
  onLeave,
}: {
  media: LocalMedia;
  local: LocalMediaState;
  canUnmute: boolean;
  panelId: string;
  panelOpen: boolean;
  onTogglePanel: () => void;
  /** How many wait in the lobby (for those who run it), else null. */
  waiting: number | null;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const explanationId = useId();
  const [devices, setDevices] = useState(false);
  const micLocked = !canUnmute && !local.micOn;
  return (
    <div role="group" aria-label={t("meetings.stage.controls")} className={styles.bar}>
      <ToggleButton
        checked={local.micOn}
        icon={local.micOn ? <MicRegular /> : <MicOffRegular />}
        disabledFocusable={micLocked}
        aria-describedby={micLocked ? explanationId : undefined}
        onClick={() => void media.setMic(!local.micOn)}
      >
        {t("meetings.stage.mic")}
      </ToggleButton>
      <ToggleButton
        checked={local.cameraOn}
        icon={local.cameraOn ? <VideoRegular /> : <VideoOffRegular />}
        onClick={() => void media.setCamera(!local.cameraOn)}
      >
        {t("meetings.stage.camera")}
      </ToggleButton>
      {canShareScreen() && (
        <ToggleButton
          checked={local.sharing}
          icon={local.sharing ? <ShareScreenStopRegular /> : <ShareScreenStartRegular />}
          onClick={() => (local.sharing ? media.stopSharing() : void media.startSharing())}
        >
          {t("meetings.stage.share")}
        </ToggleButton>
      )}
      <Button icon={<SettingsRegular />} onClick={() => setDevices(true)}>
        {t("meetings.stage.devices")}
      </Button>
      <Button
        appearance={panelOpen ? "primary" : "secondary"}
        icon={<PeopleRegular />}
        aria-expanded={panelOpen}
        aria-controls={panelOpen ? panelId : undefined}
        onClick={onTogglePanel}
      >
        {waiting
          ? t("meetings.stage.participantsWaiting", { count: waiting })
          : t("meetings.stage.participants")}
      </Button>
      <Button className={styles.leave} icon={<CallEndRegular />} onClick={onLeave}>
        {t("meetings.stage.leave")}
      </Button>
      {!canUnmute && (
        <p id={explanationId} className={styles.explanation}>
          {t("meetings.stage.mutedByOrganiser")}
        </p>
      )}
      {devices && (
        <Dialog open onOpenChange={(_event, data) => !data.open && setDevices(false)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t("meetings.stage.devicesTitle")}</DialogTitle>
              <DialogContent className={form.form}>
                <DeviceSelects media={media} state={local} />
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={() => setDevices(false)}>
                  {t("common.close")}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}
