import { makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { ChannelMember } from "../../chat/mentions.ts";
import { usePresence } from "../../chat/usePresence.ts";
import { Loading } from "../../components/Loading.tsx";
import { PresenceDot } from "./PresenceDot.tsx";

const useStyles = makeStyles({
  panel: {
    maxHeight: "14rem",
    overflowY: "auto",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(12rem, 1fr))",
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`,
  },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, minWidth: 0 },
  name: { overflowWrap: "anywhere" },
  state: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * Who can read the open channel, each with their presence in words beside the badge (so it is
 * never colour alone). Shown under the channel's header when its Members button is pressed.
 */
export function ChannelPeople({
  id,
  channelTitle,
  members,
  meId,
}: {
  id: string;
  channelTitle: string;
  members: ChannelMember[] | null;
  meId: string;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const presenceOf = usePresence((members ?? []).map((m) => m.userId));
  return (
    <div id={id} className={styles.panel}>
      {members === null ? (
        <Loading />
      ) : (
        <ul
          className={styles.list}
          aria-label={t("presence.membersLabel", { channel: channelTitle })}
        >
          {members.map((member) => {
            const state = presenceOf(member.userId);
            return (
              <li key={member.userId} className={styles.row}>
                <PresenceDot state={state} decorative />
                <span className={styles.name}>
                  {member.userId === meId
                    ? t("chat.you", { name: member.displayName })
                    : member.displayName}
                </span>
                <span className={styles.state}>{t(`presence.${state}`)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
