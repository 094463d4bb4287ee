import type { ReactNode } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowSyncRegular, DoorRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { PageHeading } from "../../components/PageHeading.tsx";
import { RouterButtonLink } from "../../components/RouterLink.tsx";
import type { Phase } from "../../meetings/meetingSession.ts";

const useStyles = makeStyles({
  waiting: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    margin: 0,
    color: tokens.colorNeutralForeground2,
  },
});

/** A screen of words: a title, what happened, and what one can do now. */
function Notice({ title, children }: { title: string; children: ReactNode }) {
  const form = useFormStyles();
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <div className={form.card}>{children}</div>
    </>
  );
}

/**
 * Waiting in the lobby. Someone waiting sees nothing of the meeting (not even its title: the
 * server refuses them), only that the organiser will let them in, followed live.
 */
export function LobbyWaiting({ onLeave }: { onLeave: () => void }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  return (
    <Notice title={t("meetings.lobby.title")}>
      <StatusMessage intent="info" message={t("meetings.lobby.body")} />
      {/* No spinner: waiting can be long, and a still page is calmer (and reads the same). */}
      <p className={styles.waiting}>
        <DoorRegular fontSize={24} aria-hidden />
        {t("meetings.lobby.waiting")}
      </p>
      <div className={form.actions}>
        <Button onClick={onLeave}>{t("meetings.lobby.leave")}</Button>
      </div>
    </Notice>
  );
}

/** The connection dropped: knocking again (the lobby's rules apply again). */
export function Reconnecting() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Notice title={t("meetings.closed.reconnectingTitle")}>
      <StatusMessage intent="warning" message={t("meetings.closed.reconnecting")} />
      <p className={styles.waiting}>
        <ArrowSyncRegular fontSize={24} aria-hidden />
        {t("meetings.closed.reconnectingTitle")}
      </p>
    </Notice>
  );
}

/** Words for a refusal at the door (the error codes the server gives for a knock). */
function refusalText(t: TFunction, code: string): string {
  switch (code) {
    case "meeting_ended":
    case "meeting_locked":
    case "removed_from_meeting":
    case "anonymous_join_disabled":
      return t(`errors.${code}`);
    default:
      return t("meetings.closed.notFound");
  }
}

/**
 * How one's way into or through the meeting ended, in words: turned away from the lobby, refused
 * at the door (locked, removed, ended, a wrong link), removed, the meeting ended, one left, or a
 * failure. Leaving (or a failure) offers to join again.
 */
export function MeetingEnd({
  phase,
  onRejoin,
}: {
  phase: Extract<Phase, { name: "denied" | "refused" | "closed" | "failed" }>;
  onRejoin: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const back = <RouterButtonLink href="/meetings">{t("meetings.closed.back")}</RouterButtonLink>;
  const rejoin = (
    <Button appearance="secondary" onClick={onRejoin}>
      {phase.name === "failed" ? t("meetings.closed.retry") : t("meetings.closed.rejoin")}
    </Button>
  );
  let title: string;
  let body: ReactNode;
  let again = false;
  switch (phase.name) {
    case "denied":
      title = t("meetings.closed.deniedTitle");
      body = <StatusMessage intent="warning" message={t("meetings.closed.deniedBody")} />;
      break;
    case "refused":
      title = t("meetings.closed.refusedTitle");
      body = <StatusMessage intent="warning" message={refusalText(t, phase.code)} />;
      break;
    case "failed":
      title = t("meetings.closed.failedTitle");
      body = <ErrorMessage error={phase.error} />;
      again = true;
      break;
    case "closed":
      title = t(`meetings.closed.${phase.reason}Title`);
      body = <StatusMessage intent="info" message={t(`meetings.closed.${phase.reason}Body`)} />;
      again = phase.reason === "left";
      break;
  }
  return (
    <Notice title={title}>
      {body}
      <div className={form.actions}>
        {back}
        {again && rejoin}
      </div>
    </Notice>
  );
}
