import { useEffect, useId, useState } from "react";
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { MoreHorizontalRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { LobbyEntry, MeetingParticipant, RoomPeer } from "@engawa/shared";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import { roleChangeable, runsMeeting } from "../../meetings/meetingRoles.ts";
import type { Room } from "../../meetings/meetingSession.ts";
import { useActionMessages } from "../../useActionMessages.ts";
import { LobbyQueue } from "./LobbyQueue.tsx";
import { MeetingOptions } from "./MeetingOptions.tsx";

const useStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    padding: tokens.spacingHorizontalM,
    // Sections are spaced by their own margin: the (usually empty) message regions take none.
    "& > section": { marginBottom: tokens.spacingVerticalXL },
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    overflowY: "auto",
    minHeight: 0,
    "& h2": { fontSize: tokens.fontSizeBase400, margin: 0 },
  },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "grid", gap: "0.25rem" },
  person: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  who: { flexGrow: 1, display: "flex", flexDirection: "column", minWidth: 0 },
  detail: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * The side panel: the organisers' options, the lobby (organisers and presenters) and who is in
 * the meeting with their roles. Organisers make people presenters or attendees and remove them
 * (after a confirmation); the server refuses anyone else, so nobody else is offered it.
 */
export function ParticipantsPanel({
  id,
  api,
  room,
  waiting,
  selfName,
  title,
}: {
  id: string;
  api: MeetingApi;
  room: Room;
  /** The meeting's title (the attendance report names it). */
  title: string;
  waiting: readonly LobbyEntry[] | null;
  selfName: string;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const ids = { options: useId(), lobby: useId(), people: useId() };
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const organiser = runsMeeting(room.yourRole);
  const [removing, setRemoving] = useState<RoomPeer | null>(null);
  const participants = useParticipants(api, room, organiser);

  const setRole = (peer: RoomPeer, userId: string, role: "presenter" | "attendee") =>
    attempt(async () => {
      await api.setRole(room.meetingId, userId, role);
      return role === "presenter"
        ? t("meetings.panel.nowPresenter", { name: peer.displayName })
        : t("meetings.panel.nowAttendee", { name: peer.displayName });
    });

  return (
    <aside id={id} aria-label={t("meetings.panel.label")} className={styles.panel}>
      <div>
        <StatusMessage message={notice} />
        <ErrorMessage error={failure} />
      </div>
      {organiser && (
        <MeetingOptions
          api={api}
          room={room}
          title={title}
          headingId={ids.options}
          attempt={attempt}
        />
      )}
      {waiting !== null && (
        <LobbyQueue
          api={api}
          meetingId={room.meetingId}
          waiting={waiting}
          headingId={ids.lobby}
          attempt={attempt}
        />
      )}
      <section className={form.form} aria-labelledby={ids.people}>
        <h2 id={ids.people}>{t("meetings.panel.inMeeting", { count: room.peers.length })}</h2>
        <ul className={styles.list}>
          {room.peers.map((peer) => {
            const self = peer.participantId === room.participantId;
            const userId = participants.get(peer.participantId)?.userId ?? null;
            const name = self ? t("meetings.stage.you", { name: selfName }) : peer.displayName;
            const canChangeRole = userId !== null && roleChangeable(peer.role, userId);
            const canRemove = !runsMeeting(peer.role);
            return (
              <li key={peer.participantId} className={styles.person}>
                <span className={styles.who}>
                  <span>{name}</span>
                  <span className={styles.detail}>
                    {t(`meetings.roles.${peer.role}`)}
                    {peer.kind === "guest" ? ` · ${t("meetings.kinds.guest")}` : ""}
                  </span>
                </span>
                {organiser && !self && (canChangeRole || canRemove) && (
                  <Menu>
                    <MenuTrigger disableButtonEnhancement>
                      <Button
                        appearance="subtle"
                        icon={<MoreHorizontalRegular />}
                        aria-label={t("meetings.panel.optionsFor", { name: peer.displayName })}
                      />
                    </MenuTrigger>
                    <MenuPopover>
                      <MenuList>
                        {userId && canChangeRole && (
                          <MenuItem
                            onClick={() =>
                              void setRole(
                                peer,
                                userId,
                                peer.role === "presenter" ? "attendee" : "presenter",
                              )
                            }
                          >
                            {peer.role === "presenter"
                              ? t("meetings.panel.makeAttendee")
                              : t("meetings.panel.makePresenter")}
                          </MenuItem>
                        )}
                        {canRemove && (
                          <MenuItem onClick={() => setRemoving(peer)}>
                            {t("meetings.panel.remove")}
                          </MenuItem>
                        )}
                      </MenuList>
                    </MenuPopover>
                  </Menu>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {removing && (
        <ConfirmDialog
          title={t("meetings.panel.removeTitle", { name: removing.displayName })}
          confirmLabel={t("meetings.panel.removeConfirm")}
          onConfirm={async () => {
            await api.remove(room.meetingId, removing.participantId);
            succeeded(t("meetings.panel.removed", { name: removing.displayName }));
          }}
          onClose={() => setRemoving(null)}
        >
          <p>{t("meetings.panel.removeBody")}</p>
        </ConfirmDialog>
      )}
    </aside>
  );
}

/**
 * The meeting's participants with their accounts (`GET …/participants`), read again whenever the
 * room changes: an organiser needs a person's user id to change their role.
 */
function useParticipants(
  api: MeetingApi,
  room: Room,
  wanted: boolean,
): ReadonlyMap<string, MeetingParticipant> {
  const [byId, setById] = useState<ReadonlyMap<string, MeetingParticipant>>(new Map());
  const key = room.peers.map((peer) => `${peer.participantId}:${peer.role}`).join(",");
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    api.participants(room.meetingId, controller.signal).then(
      ({ participants }) => setById(new Map(participants.map((p) => [p.participantId, p]))),
      () => undefined,
    );
    return () => controller.abort();
  }, [api, room.meetingId, key, wanted]);
  return byId;
}
