import { useId, useState } from "react";
import {
  Button,
  CounterBadge,
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
  ChatRegular,
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
import type { WhoMayPresent } from "@engawa/shared";
import { useFormStyles } from "../../components/layout.ts";
import type { LocalMedia, LocalMediaState } from "../../meetings/localMedia.ts";
import type { PresentBlock } from "../../meetings/usePresenting.ts";
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
  badge: { marginInlineStart: tokens.spacingHorizontalXS },
  leave: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ":hover": {
      backgroundColor: tokens.colorPaletteRedForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
    },
  },
});

/** The side panels beside the video, one at a time. */
export type SidePanel = "participants" | "chat";

const canShareScreen = () =>
  typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getDisplayMedia === "function";

/**
 * The meeting's controls, in reading order: microphone, camera, screen share, devices,
 * participants, chat, leave. Toggles say their state with `aria-pressed` (and their icon); a
 * microphone an organiser muted stays focusable and says why it cannot be turned on; so does the
 * screen share when the organisation's rule (or the server) does not let one present. The side
 * panels' buttons say whether their panel is open (`aria-expanded`); the chat's shows how many
 * messages are unread while it is closed (a badge, and the same in words for screen readers).
 */
export function StageControls({
  media,
  local,
  canUnmute,
  presentBlock,
  whoMayPresent,
  onShare,
  onStopSharing,
  panelId,
  panel,
  onTogglePanel,
  waiting,
  unread,
  onLeave,
}: {
  media: LocalMedia;
  local: LocalMediaState;
  canUnmute: boolean;
  /** Why one may not share one's screen (the organisation's rule, or the server said no), or null. */
  presentBlock: PresentBlock;
  /** The organisation's rule, for the words of why not. */
  whoMayPresent: WhoMayPresent;
  /** Asks the server, then shares (the browser asks which screen). */
  onShare: () => void;
  onStopSharing: () => void;
  /** The open side panel's element id (for `aria-controls`). */
  panelId: string;
  panel: SidePanel | null;
  onTogglePanel: (panel: SidePanel) => void;
  /** How many wait in the lobby (for those who run it), else null. */
  waiting: number | null;
  /** Chat messages not yet seen. */
  unread: number;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const explanationId = useId();
  const shareExplanationId = useId();
  const [devices, setDevices] = useState(false);
  const micLocked = !canUnmute && !local.micOn;
  const shareLocked = presentBlock !== null && !local.sharing;
  const shareWhyNot =
    presentBlock === "refused" || whoMayPresent === "everyone"
      ? t("meetings.stage.presentRefused")
      : whoMayPresent === "presenters"
        ? t("meetings.stage.presentRulePresenters")
        : t("meetings.stage.presentRuleOrganizers");
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
          disabledFocusable={shareLocked}
          aria-describedby={shareLocked ? shareExplanationId : undefined}
          onClick={() => (local.sharing ? onStopSharing() : onShare())}
        >
          {t("meetings.stage.share")}
        </ToggleButton>
      )}
      <Button icon={<SettingsRegular />} onClick={() => setDevices(true)}>
        {t("meetings.stage.devices")}
      </Button>
      <Button
        appearance={panel === "participants" ? "primary" : "secondary"}
        icon={<PeopleRegular />}
        aria-expanded={panel === "participants"}
        aria-controls={panel === "participants" ? panelId : undefined}
        onClick={() => onTogglePanel("participants")}
      >
        {waiting
          ? t("meetings.stage.participantsWaiting", { count: waiting })
          : t("meetings.stage.participants")}
      </Button>
      <Button
        appearance={panel === "chat" ? "primary" : "secondary"}
        icon={<ChatRegular />}
        aria-expanded={panel === "chat"}
        aria-controls={panel === "chat" ? panelId : undefined}
        onClick={() => onTogglePanel("chat")}
      >
        {t("meetings.stage.chat")}
        {panel !== "chat" && unread > 0 && (
          <>
            <CounterBadge className={styles.badge} count={unread} size="small" aria-hidden />
            <span className={form.visuallyHidden}>
              {t("meetings.stage.chatUnread", { count: unread })}
            </span>
          </>
        )}
      </Button>
      <Button className={styles.leave} icon={<CallEndRegular />} onClick={onLeave}>
        {t("meetings.stage.leave")}
      </Button>
      {!canUnmute && (
        <p id={explanationId} className={styles.explanation}>
          {t("meetings.stage.mutedByOrganiser")}
        </p>
      )}
      {canShareScreen() && presentBlock !== null && (
        <p id={shareExplanationId} className={styles.explanation}>
          {shareWhyNot}
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
