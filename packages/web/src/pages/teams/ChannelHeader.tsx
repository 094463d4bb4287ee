import type { ReactNode, RefObject } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import {
  DocumentFolderRegular,
  LockClosedRegular,
  PeopleRegular,
  PeopleTeamRegular,
  PinRegular,
} from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { ChannelSummary } from "@engawa/shared";
import { LabelBadge } from "./ContentLabel.tsx";

const useStyles = makeStyles({
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  heading: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  headingRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  team: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * A channel's header: its name (the heading focus goes to when the channel is opened from a
 * panel), its team or people, "Meet now" for who may schedule meetings, the Members, Pinned and
 * Files buttons (each opens and closes its panel) and, where the reader may, the private channel's
 * members.
 */
export function ChannelHeader({
  subtitle,
  channel,
  title,
  pinsOpen,
  pinsButton,
  onPins,
  filesOpen,
  filesButton,
  onFiles,
  peopleOpen,
  onPeople,
  onManageMembers,
  manageLabel,
  labelName,
  label,
  meetNow,
}: {
  /** Under the title: the channel's team, or a chat's people. */
  subtitle: string;
  /** Only its kind matters here: a private channel shows a lock. */
  channel: { kind: ChannelSummary["kind"] | "chat" };
  title: string;
  pinsOpen: boolean;
  /** Where focus returns when the Pinned panel closes. */
  pinsButton: RefObject<HTMLButtonElement | null>;
  onPins: () => void;
  filesOpen: boolean;
  /** Where focus returns when the Files panel closes. */
  filesButton: RefObject<HTMLButtonElement | null>;
  onFiles: () => void;
  /** The channel's readers with their presence (`ChannelPeople`). */
  peopleOpen: boolean;
  onPeople: () => void;
  onManageMembers: (() => void) | null;
  /** The manage button's words: a private channel's members, or a chat's settings. */
  manageLabel?: string | undefined;
  /** The sensitivity label that applies to the channel, shown beside its name. */
  labelName?: string | undefined;
  /** For who may change the channel's own label: the picker and its outcome (ChannelLabel). */
  label?: ReactNode;
  /** For who may schedule meetings: "Meet now" in this channel or chat (MeetNowButton). */
  meetNow?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.header}>
      <div className={styles.title}>
        <div className={styles.headingRow}>
          <h2 id="channel-heading" tabIndex={-1} className={styles.heading}>
            {title}
            {channel.kind === "private" && (
              <LockClosedRegular role="img" aria-label={t("chat.privateChannel")} />
            )}
          </h2>
          {labelName && <LabelBadge name={labelName} />}
        </div>
        <span className={styles.team}>{subtitle}</span>
      </div>
      {label}
      {meetNow}
      <Button
        icon={<PeopleTeamRegular />}
        aria-expanded={peopleOpen}
        aria-controls={peopleOpen ? "channel-people" : undefined}
        onClick={onPeople}
      >
        {t("presence.members")}
      </Button>
      <Button
        ref={pinsButton}
        icon={<PinRegular />}
        aria-expanded={pinsOpen}
        aria-controls={pinsOpen ? "pins-panel" : undefined}
        onClick={onPins}
      >
        {t("pins.button")}
      </Button>
      <Button
        ref={filesButton}
        icon={<DocumentFolderRegular />}
        aria-expanded={filesOpen}
        aria-controls={filesOpen ? "files-panel" : undefined}
        onClick={onFiles}
      >
        {t("files.open")}
      </Button>
      {onManageMembers && (
        <Button icon={<PeopleRegular />} onClick={onManageMembers}>
          {manageLabel ?? t("chat.manageChannel")}
        </Button>
      )}
    </div>
  );
}
