import {
  Button,
  CounterBadge,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import {
  ChannelAddRegular,
  LockClosedRegular,
  MoreHorizontalRegular,
  PeopleRegular,
} from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ChannelSummary, TeamSummary } from "@engawa/shared";
import { channelTitle } from "../../chat/channelNames.ts";
import { useFormStyles } from "../../components/layout.ts";
import { linkClickHandler } from "../../router.ts";
import { LabelBadge } from "./ContentLabel.tsx";

/** The sidebar's look, shared with its Chats section. */
export const useSidebarStyles = makeStyles({
  nav: {
    overflowY: "auto",
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalS,
    // Stacked above the channel on a narrow screen: the channel keeps most of the height.
    "@media (max-width: 700px)": { maxHeight: "30vh" },
  },
  list: { listStyleType: "none", margin: 0, padding: 0 },
  team: { marginBottom: tokens.spacingVerticalM },
  teamHeader: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    paddingLeft: tokens.spacingHorizontalS,
  },
  teamName: {
    flexGrow: 1,
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  sectionHeading: {
    margin: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalXS}`,
    paddingLeft: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
  },
  channel: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    paddingLeft: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    overflowWrap: "anywhere",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
    "&[aria-current='page']": {
      backgroundColor: tokens.colorBrandBackground2,
      fontWeight: tokens.fontWeightSemibold,
    },
  },
  unread: { fontWeight: tokens.fontWeightBold },
  channelName: { flexGrow: 1 },
  lock: { flexShrink: 0, color: tokens.colorNeutralForeground2 },
  joinable: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
  },
  empty: { margin: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground2 },
});

/** What the sidebar lets a person do with a team. */
export interface TeamActions {
  onAddChannel: (team: TeamSummary) => void;
  onMembers: (team: TeamSummary) => void;
  onJoin: (team: TeamSummary) => Promise<void>;
}

/** The link to a channel: unread count and privacy in words for screen readers, not colour only. */
function ChannelLink({
  channel,
  title,
  current,
  onChosen,
}: {
  channel: ChannelSummary;
  title: string;
  current: boolean;
  onChosen: (channelId: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useSidebarStyles();
  const hidden = useFormStyles().visuallyHidden;
  const href = `/teams/${channel.teamId}/${channel.id}`;
  const unread = current ? 0 : channel.unread;
  return (
    <a
      href={href}
      onClick={(event) => {
        onChosen(channel.id);
        linkClickHandler(href)(event);
      }}
      aria-current={current ? "page" : undefined}
      className={mergeClasses(styles.channel, unread > 0 && styles.unread)}
    >
      <span className={styles.channelName}>{title}</span>
      {channel.kind === "private" && (
        <LockClosedRegular
          role="img"
          aria-label={t("chat.privateChannel")}
          className={styles.lock}
        />
      )}
      {unread > 0 && (
        <>
          <CounterBadge count={unread} size="small" aria-hidden />
          <span className={hidden}>{t("chat.unread", { count: unread })}</span>
        </>
      )}
    </a>
  );
}

/**
 * The left column: the person's teams, each with the channels they can see (the open one marked
 * as the current page), a menu per team (add a channel, members), and the public teams they could
 * join. Everything is a link, a button or a menu, so it works from the keyboard alone.
 */
export function TeamsSidebar({
  labelNames,
  teams,
  channels,
  openChannelId,
  onChannelChosen,
  actions,
  chats,
}: {
  /** Sensitivity label names by id, shown beside a labelled team. */
  labelNames: Readonly<Record<string, string>>;
  teams: TeamSummary[] | null;
  channels: Readonly<Record<string, ChannelSummary[]>>;
  openChannelId: string | null;
  /** A channel link was followed (the page forgets that access to it was lost). */
  onChannelChosen: (channelId: string) => void;
  actions: TeamActions;
  /** The Chats section, above the teams. */
  chats: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useSidebarStyles();
  const joined = (teams ?? []).filter((team) => team.myRole !== null);
  const joinable = (teams ?? []).filter((team) => team.myRole === null);
  return (
    <nav aria-label={t("chat.sidebarLabel")} className={styles.nav}>
      {chats}
      <h2 className={styles.sectionHeading}>{t("chat.teamsHeading")}</h2>
      {teams === null && <p className={styles.empty}>{t("chat.loadingTeams")}</p>}
      {teams !== null && joined.length === 0 && <p className={styles.empty}>{t("chat.noTeams")}</p>}
      <ul className={styles.list}>
        {joined.map((team) => (
          <li key={team.id} className={styles.team}>
            <div className={styles.teamHeader}>
              <h3 className={styles.teamName}>{team.name}</h3>
              {team.labelId && labelNames[team.labelId] && (
                <LabelBadge name={labelNames[team.labelId] ?? ""} />
              )}
              <Menu>
                <MenuTrigger disableButtonEnhancement>
                  <Button
                    appearance="subtle"
                    size="small"
                    icon={<MoreHorizontalRegular />}
                    aria-label={t("chat.teamOptions", { team: team.name })}
                  />
                </MenuTrigger>
                <MenuPopover>
                  <MenuList>
                    {team.myRole !== "guest" && (
                      <MenuItem
                        icon={<ChannelAddRegular />}
                        onClick={() => actions.onAddChannel(team)}
                      >
                        {t("chat.addChannel")}
                      </MenuItem>
                    )}
                    <MenuItem icon={<PeopleRegular />} onClick={() => actions.onMembers(team)}>
                      {t("chat.members")}
                    </MenuItem>
                  </MenuList>
                </MenuPopover>
              </Menu>
            </div>
            <ul className={styles.list} aria-label={t("chat.channelsOf", { team: team.name })}>
              {(channels[team.id] ?? []).map((channel, _index, list) => (
                <li key={channel.id}>
                  <ChannelLink
                    channel={channel}
                    title={channelTitle(t, channel, list)}
                    current={channel.id === openChannelId}
                    onChosen={onChannelChosen}
                  />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {joinable.length > 0 && (
        <section aria-labelledby="joinable-teams">
          <h2 id="joinable-teams" className={styles.sectionHeading}>
            {t("chat.joinable")}
          </h2>
          <ul className={styles.list}>
            {joinable.map((team) => (
              <li key={team.id} className={styles.joinable}>
                <span className={styles.channelName}>{team.name}</span>
                <Button
                  size="small"
                  aria-label={t("chat.joinNamed", { team: team.name })}
                  onClick={() => void actions.onJoin(team)}
                >
                  {t("chat.join")}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </nav>
  );
}
