import { useEffect, useMemo, useRef, useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { PeopleTeamAddRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { ChannelSummary, MeResponse, TeamSummary } from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { chatApi } from "../../chat/chatApi.ts";
import { channelTitle } from "../../chat/channelNames.ts";
import { ChatConnectionProvider } from "../../chat/ChatConnectionContext.tsx";
import { useTeamsDirectory } from "../../chat/useTeamsDirectory.ts";
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
  | { kind: "addChannel"; team: TeamSummary }
  | { kind: "teamMembers"; team: TeamSummary }
  | { kind: "channelMembers"; team: TeamSummary; channel: ChannelSummary }
  | null;

/** `/teams/:teamId/:channelId` → the two ids (null when the path stops earlier). */
function selection(pathname: string): { teamId: string | null; channelId: string | null } {
  const [, , teamId, channelId] = pathname.split("/");
  return { teamId: teamId || null, channelId: channelId || null };
}

/**
 * The chat, Teams-like (`/teams`, deep links `/teams/:teamId/:channelId`): the person's teams and
 * channels on the left, the open channel on the right. The page holds the one live connection
 * shared by the unread badges and the open channel; it opens the first channel when none is
 * chosen, and remembers channels the person was removed from so it can say so.
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
  const { pathname } = useLocation();
  const { teamId, channelId } = selection(pathname);
  const directory = useTeamsDirectory(api, channelId);
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [lost, setLost] = useState<ReadonlySet<string>>(new Set());
  const activity = useActivity(api);
  const [activityOpen, setActivityOpen] = useState(false);
  const search = useMessageSearch(api);
  /** A channel's name as the reader sees it ("General" translated), known or not. */
  const titleOf = (ref: ChannelPlace) => {
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
    if (!channelId && fallback)
      navigate(`/teams/${fallback.teamId}/${fallback.id}`, { replace: true });
  }, [channelId, fallback]);

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

  let main;
  if (channelId && lost.has(channelId)) {
    main = <StatusMessage intent="warning" message={t("chat.accessLost")} />;
  } else if (team && channel) {
    main = (
      <ChannelPane
        key={channel.id}
        api={api}
        me={me}
        team={team}
        channel={channel}
        title={channelTitle(t, channel, (teamId && directory.channels[teamId]) || [])}
        onRead={directory.markedRead}
        onAccessLost={(id) => {
          setLost((current) => new Set(current).add(id));
          void directory.reload();
        }}
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
    main = firstTeam !== undefined && <p>{t("chat.pickChannel")}</p>;
  }

  return (
    <>
      <div className={styles.top}>
        <PageHeading>{t("chat.title")}</PageHeading>
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
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? directory.failure} />
      {search.view && (
        <SearchPanel
          view={search.view}
          channelName={(result) => titleOf(result.channel)}
          onOpen={(result) => {
            search.close();
            if (result.channel.teamId)
              navigate(`/teams/${result.channel.teamId}/${result.channel.id}`);
            window.setTimeout(() => document.getElementById("channel-heading")?.focus(), 100);
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
            if (entry.channel.teamId)
              navigate(`/teams/${entry.channel.teamId}/${entry.channel.id}`);
            // Focus goes to the channel opened (its heading), not back to the page's start.
            window.setTimeout(() => document.getElementById("channel-heading")?.focus(), 100);
          }}
          onClose={closeActivity}
        />
      )}
      <div className={styles.grid}>
        <TeamsSidebar
          teams={directory.teams}
          channels={directory.channels}
          openChannelId={channelId}
          onChannelChosen={forget}
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
        <div className={channel && !lost.has(channel.id) ? styles.main : styles.placeholder}>
          {main}
        </div>
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
