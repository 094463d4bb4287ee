import { useEffect, useMemo, useRef, useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { PeopleTeamAddRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import {
  contextCellOf,
  strongestLabelOf,
  type ChannelSummary,
  type ChatSummary,
  type MeResponse,
  type Person,
  type TeamSummary,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { chatApi } from "../../chat/chatApi.ts";
import { channelTitle } from "../../chat/channelNames.ts";
import { ChatConnectionProvider } from "../../chat/ChatConnectionContext.tsx";
import { useTeamsDirectory } from "../../chat/useTeamsDirectory.ts";
import { useChats } from "../../chat/useChats.ts";
import { chatOthers, chatTitle } from "../../chat/chatNames.ts";
import { ChatList, chatHref } from "./ChatList.tsx";
import { ChatSettingsDialog } from "./ChatSettingsDialog.tsx";
import { NewChatDialog } from "./NewChatDialog.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { navigate, useLocation } from "../../router.ts";
import { useActionMessages } from "../../useActionMessages.ts";
import { useActivity } from "../../chat/useActivity.ts";
import { ActivityButton, ActivityPanel } from "./ActivityPanel.tsx";
import { SearchForm, SearchPanel } from "./SearchPanel.tsx";
import type { ChannelPlace } from "./ChatPanel.tsx";
import { useMessageSearch } from "../../chat/useMessageSearch.ts";
import { AddChannelDialog } from "./AddChannelDialog.tsx";
import { ChannelMembersDialog } from "./ChannelMembersDialog.tsx";
import { ChannelPane } from "./ChannelPane.tsx";
import { CreateTeamDialog } from "./CreateTeamDialog.tsx";
import { LiveStatusNote } from "./LiveStatusNote.tsx";
import { TeamMembersDialog } from "./TeamMembersDialog.tsx";
import { TeamsSidebar } from "./TeamsSidebar.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { WORK_CONTEXT_FIELD_ID, WorkContextPicker } from "./WorkContextPicker.tsx";

const useStyles = makeStyles({
  top: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalS,
    "& h1": { margin: 0 },
  },
  spacer: { flexGrow: 1 },
  grid: {
    flexGrow: 1,
    minHeight: 0,
    display: "grid",
    gridTemplateColumns: "minmax(200px, 280px) minmax(0, 1fr)",
    gridTemplateRows: "minmax(0, 1fr)",
    gap: tokens.spacingHorizontalM,
    "@media (max-width: 700px)": {
      gridTemplateColumns: "minmax(0, 1fr)",
      gridTemplateRows: "auto minmax(0, 1fr)",
    },
  },
  main: { display: "flex", flexDirection: "column", minHeight: 0, minWidth: 0 },
  placeholder: {
    padding: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
});

type Dialog =
  | { kind: "createTeam" }
  | { kind: "newChat"; people?: Person[] }
  | { kind: "chatSettings"; chat: ChatSummary }
  | { kind: "addChannel"; team: TeamSummary }
  | { kind: "teamMembers"; team: TeamSummary }
  | { kind: "channelMembers"; team: TeamSummary; channel: ChannelSummary }
  | null;

/**
 * `/teams/:teamId/:channelId` → the two ids (null when the path stops earlier);
 * `/chats/:chatId` → the chat.
 */
function selection(pathname: string): {
  inChats: boolean;
  chatId: string | null;
  teamId: string | null;
  channelId: string | null;
} {
  const [, section, first, second] = pathname.split("/");
  if (section === "chats")
    return { inChats: true, chatId: first || null, teamId: null, channelId: null };
  return { inChats: false, chatId: null, teamId: first || null, channelId: second || null };
}

/** Moves focus to the opened channel's or chat's heading (not back to the page's start). */
const focusHeading = () =>
  window.setTimeout(() => document.getElementById("channel-heading")?.focus(), 100);

/**
 * The chat, Teams-like (`/teams`, deep links `/teams/:teamId/:channelId`, chats `/chats/:chatId`):
 * the person's chats, teams and channels on the left, the open channel or chat on the right. The
 * page holds the one live connection shared by the unread badges and the open channel or chat; it
 * opens the first channel (or, under `/chats`, the newest chat) when none is chosen, and remembers
 * channels and chats the person was removed from so it can say so.
 */
export function TeamsPage({ me }: { me: MeResponse }) {
  return (
    <ChatConnectionProvider>
      <TeamsWorkspace me={me} />
    </ChatConnectionProvider>
  );
}

function TeamsWorkspace({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { request } = useUserSession();
  const api = useMemo(() => chatApi(request, me.tenant.slug), [request, me.tenant.slug]);
  // The organisation's sensitivity labels, to show on teams (read once; an admin's change shows
  // at the next visit).
  const labels = useLoader((signal) => api.labels(signal));
  const labelList = labels.data?.labels ?? [];
  const labelNames = Object.fromEntries(labelList.map((l) => [l.id, l.name]));
  // People are asked where they work when the organisation applies the label × context matrix.
  const askPlace = labels.data?.workContext.enabled ?? false;
  const place = me.session.workContext?.context ?? null;
  const placeWords = place ? t(`workContext.contexts.${place}`) : t("workContext.contexts.public");
  const { pathname } = useLocation();
  const { inChats, chatId, teamId, channelId } = selection(pathname);
  const directory = useTeamsDirectory(api, channelId);
  const chats = useChats(api, chatId);
  const separator = t("chats.nameSeparator");
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [lost, setLost] = useState<ReadonlySet<string>>(new Set());
  const activity = useActivity(api);
  const [activityOpen, setActivityOpen] = useState(false);
  const search = useMessageSearch(api);
  /** A channel's name as the reader sees it ("General" translated), known or not. */
  const titleOf = (ref: ChannelPlace) => {
    if (!ref.teamId) {
      const chat = chats.chats?.find((c) => c.id === ref.id);
      return chat ? chatTitle(chat, me.user.id, separator) : ref.name || t("chats.aChat");
    }
    const list = (ref.teamId && directory.channels[ref.teamId]) || [];
    const known = list.find((c) => c.id === ref.id);
    return known ? channelTitle(t, known, list) : ref.name;
  };
  const activityButton = useRef<HTMLButtonElement>(null);
  const closeActivity = () => {
    setActivityOpen(false);
    window.setTimeout(() => activityButton.current?.focus(), 0);
  };

  const team = directory.teams?.find((candidate) => candidate.id === teamId) ?? null;
  const channel = (teamId && directory.channels[teamId]?.find((c) => c.id === channelId)) || null;
  // Without a channel in the address, open the team's first channel (or the first team's).
  const firstTeam = directory.teams?.find((candidate) => directory.channels[candidate.id]?.length);
  const fallback =
    (teamId ? directory.channels[teamId]?.[0] : undefined) ??
    (firstTeam ? directory.channels[firstTeam.id]?.[0] : undefined);
  useEffect(() => {
    if (!inChats && !channelId && fallback)
      navigate(`/teams/${fallback.teamId}/${fallback.id}`, { replace: true });
  }, [inChats, channelId, fallback]);
  // `/chats` alone opens the newest chat.
  const newestChat = chats.chats?.[0]?.id;
  useEffect(() => {
    if (inChats && !chatId && newestChat) navigate(chatHref(newestChat), { replace: true });
  }, [inChats, chatId, newestChat]);
  const chat = (chatId && chats.chats?.find((c) => c.id === chatId)) || null;
  /** Where a search result or Activity entry lives: a team's channel or a chat. */
  const placeHref = (place: ChannelPlace) =>
    place.teamId ? `/teams/${place.teamId}/${place.id}` : chatHref(place.id);

  const open = (next: ChannelSummary) => navigate(`/teams/${next.teamId}/${next.id}`);
  const forget = (id: string) =>
    setLost((current) => new Set([...current].filter((item) => item !== id)));

  async function afterCreate(teamId: string, message: string, channelToOpen?: ChannelSummary) {
    setDialog(null);
    succeeded(message);
    await directory.reload();
    if (channelToOpen) open(channelToOpen);
    else navigate(`/teams/${teamId}`);
  }

  const openId = inChats ? chatId : channelId;
  const paneOpen =
    (inChats ? chat !== null : team !== null && channel !== null) &&
    !(openId !== null && lost.has(openId));
  const loseAccess = (id: string, reload: () => Promise<void>) => {
    setLost((current) => new Set(current).add(id));
    void reload();
  };
  let main;
  if (openId && lost.has(openId)) {
    main = (
      <StatusMessage
        intent="warning"
        message={inChats ? t("chats.accessLost") : t("chat.accessLost")}
      />
    );
  } else if (inChats) {
    if (chat) {
      main = (
        <ChannelPane
          key={chat.id}
          api={api}
          me={me}
          subtitle={t("chats.subtitle", { names: chatOthers(chat, me.user.id).join(separator) })}
          moderator={false}
          channel={{ id: chat.id, kind: "chat", lastReadSeq: chat.lastReadSeq }}
          title={chatTitle(chat, me.user.id, separator)}
          onRead={chats.markedRead}
          onAccessLost={(id) => loseAccess(id, chats.reload)}
          onManageMembers={() => setDialog({ kind: "chatSettings", chat })}
          manageLabel={t("chatSettings.title")}
        />
      );
    } else if (chatId && chats.chats !== null) {
      main = <p>{t("chats.notFound")}</p>;
    } else if (chats.chats?.length === 0) {
      main = <p>{t("chats.startHint")}</p>;
    }
  } else if (team && channel) {
    // The channel is decided under the most sensitive of its team's label and its own.
    const applied = strongestLabelOf(labelList, [team.labelId, channel.labelId]);
    const label = askPlace ? labelList.find((l) => l.id === applied) : undefined;
    main = (
      <ChannelPane
        // A new place is a new view: what the label allows there is read again.
        key={`${channel.id}:${place ?? "none"}`}
        workContext={
          label
            ? {
                label: label.name,
                place: placeWords,
                watermark: contextCellOf(label.contextRules, place).watermark,
                onChange: () => document.getElementById(WORK_CONTEXT_FIELD_ID)?.focus(),
              }
            : undefined
        }
        api={api}
        me={me}
        subtitle={
          team.labelId && labelNames[team.labelId]
            ? t("chat.channelOfLabelled", { team: team.name, label: labelNames[team.labelId] })
            : t("chat.channelOf", { team: team.name })
        }
        moderator={team.myRole === "owner"}
        labelling={{
          labels: labelList,
          teamLabelId: team.labelId,
          ownLabelId: channel.labelId,
          mayChange:
            team.myRole === "owner" || me.user.role === "owner" || me.user.role === "admin",
          onChanged: () => void directory.reload(),
        }}
        channel={channel}
        title={channelTitle(t, channel, (teamId && directory.channels[teamId]) || [])}
        onRead={directory.markedRead}
        onAccessLost={(id) => loseAccess(id, directory.reload)}
        onManageMembers={
          channel.kind === "private" && team.myRole !== "guest"
            ? () => setDialog({ kind: "channelMembers", team, channel })
            : null
        }
      />
    );
  } else if (channelId && directory.teams !== null) {
    main = <p>{t("chat.noChannel")}</p>;
  } else {
    main = (firstTeam !== undefined || Boolean(chats.chats?.length)) && (
      <p>{t("chat.pickChannel")}</p>
    );
  }

  return (
    <>
      <div className={styles.top}>
        <PageHeading>{inChats ? t("chats.pageTitle") : t("chat.title")}</PageHeading>
        <LiveStatusNote />
        <span className={styles.spacer} />
        <SearchForm
          onSearch={(query) => {
            setActivityOpen(false);
            search.search(query);
          }}
        />
        <ActivityButton
          activity={activity}
          buttonRef={activityButton}
          expanded={activityOpen}
          onOpen={() => {
            search.close();
            if (activityOpen) closeActivity();
            else setActivityOpen(true);
          }}
        />
        {me.user.role !== "guest" && (
          <Button icon={<PeopleTeamAddRegular />} onClick={() => setDialog({ kind: "createTeam" })}>
            {t("chat.createTeam")}
          </Button>
        )}
      </div>
      {askPlace && <WorkContextPicker me={me} />}
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? directory.failure ?? chats.failure} />
      {search.view && (
        <SearchPanel
          view={search.view}
          channelName={(result) => titleOf(result.channel)}
          onOpen={(result) => {
            search.close();
            navigate(placeHref(result.channel));
            focusHeading();
          }}
          onClose={search.close}
        />
      )}
      {activityOpen && (
        <ActivityPanel
          activity={activity}
          channelName={(entry) => titleOf(entry.channel)}
          onOpenChannel={(entry) => {
            setActivityOpen(false);
            navigate(placeHref(entry.channel));
            // Focus goes to the channel opened (its heading), not back to the page's start.
            focusHeading();
          }}
          onClose={closeActivity}
        />
      )}
      <div className={styles.grid}>
        <TeamsSidebar
          labelNames={labelNames}
          teams={directory.teams}
          channels={directory.channels}
          openChannelId={channelId}
          onChannelChosen={forget}
          chats={
            <ChatList
              chats={chats.chats}
              meId={me.user.id}
              openChatId={chatId}
              onNewChat={() => setDialog({ kind: "newChat" })}
              onChosen={forget}
            />
          }
          actions={{
            onAddChannel: (chosen) => setDialog({ kind: "addChannel", team: chosen }),
            onMembers: (chosen) => setDialog({ kind: "teamMembers", team: chosen }),
            onJoin: (chosen) =>
              attempt(async () => {
                await api.join(chosen.id);
                await directory.reload();
                navigate(`/teams/${chosen.id}`);
                return t("chat.joined", { team: chosen.name });
              }),
          }}
        />
        <div className={paneOpen ? styles.main : styles.placeholder}>{main}</div>
      </div>
      {dialog?.kind === "createTeam" && (
        <CreateTeamDialog
          api={api}
          onClose={() => setDialog(null)}
          onCreated={(created) =>
            void afterCreate(created.id, t("createTeam.created", { team: created.name }))
          }
        />
      )}
      {dialog?.kind === "chatSettings" && (
        <ChatSettingsDialog
          api={api}
          chat={chats.chats?.find((c) => c.id === dialog.chat.id) ?? dialog.chat}
          meId={me.user.id}
          onChanged={() => void chats.reload()}
          onLeft={() => {
            setDialog(null);
            succeeded(t("chatSettings.left"));
            void chats.reload();
            navigate("/chats");
          }}
          onStartGroup={() =>
            setDialog({
              kind: "newChat",
              people: dialog.chat.members
                .filter((m) => m.userId !== me.user.id)
                .map((m) => ({
                  id: m.userId,
                  displayName: m.displayName,
                  email: "",
                  guest: false,
                })),
            })
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "newChat" && (
        <NewChatDialog
          api={api}
          initialPeople={dialog.people}
          onClose={() => setDialog(null)}
          onStarted={(started) => {
            setDialog(null);
            chats.added(started);
            navigate(chatHref(started.id));
            focusHeading();
          }}
        />
      )}
      {dialog?.kind === "addChannel" && (
        <AddChannelDialog
          api={api}
          team={dialog.team}
          onClose={() => setDialog(null)}
          onCreated={(created) =>
            void afterCreate(
              created.teamId,
              t("addChannel.created", { channel: created.name }),
              created,
            )
          }
        />
      )}
      {dialog?.kind === "teamMembers" && (
        <TeamMembersDialog
          api={api}
          me={me}
          labels={labelList}
          team={dialog.team}
          onClose={() => setDialog(null)}
          onTeamChanged={() => void directory.reload()}
        />
      )}
      {dialog?.kind === "channelMembers" && (
        <ChannelMembersDialog
          api={api}
          me={me}
          team={dialog.team}
          channel={dialog.channel}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
