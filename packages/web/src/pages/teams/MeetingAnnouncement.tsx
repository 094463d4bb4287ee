import { makeStyles, tokens } from "@fluentui/react-components";
import { CalendarRegular, VideoRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MeetingAnnouncement } from "@engawa/shared";
import { DateTime } from "../../components/DateTime.tsx";
import { RouterButtonLink } from "../../components/RouterLink.tsx";
import { useDurationText } from "../meetings/meetingWords.ts";

const useStyles = makeStyles({
  card: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    maxWidth: "36rem",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  text: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  kind: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  title: { fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  when: { color: tokens.colorNeutralForeground2 },
});

const minutesBetween = (from: string, to: string) =>
  Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);

/**
 * A meeting announced in a channel or chat (the message the server posts when a meeting is
 * scheduled there; `parseMeetingAnnouncement`): its title, its time in the reader's zone and
 * language, and a link to its join page on this site.
 */
export function MeetingAnnouncementCard({ announcement }: { announcement: MeetingAnnouncement }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const durationText = useDurationText();
  return (
    <div className={styles.card}>
      <div className={styles.text}>
        <span className={styles.kind}>
          <CalendarRegular aria-hidden />
          {t("meetings.announcement.kind")}
        </span>
        <span className={styles.title}>{announcement.title}</span>
        <span className={styles.when}>
          <DateTime value={announcement.startsAt} />
          {" · "}
          {durationText(minutesBetween(announcement.startsAt, announcement.endsAt))}
        </span>
      </div>
      <RouterButtonLink
        href={announcement.path}
        appearance="secondary"
        icon={<VideoRegular />}
        label={t("meetings.joinNamed", { title: announcement.title })}
      >
        {t("meetings.joinButton")}
      </RouterButtonLink>
    </div>
  );
}
