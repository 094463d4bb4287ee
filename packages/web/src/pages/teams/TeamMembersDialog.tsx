import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Switch,
  makeStyles,
  tokens,
  Field,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  isAdminRole,
  type MeResponse,
  type SensitivityLabel,
  type TeamMember,
  type TeamSummary,
} from "@engawa/shared";
import { useLoader } from "../../api/useLoader.ts";
import { useChatConnection } from "../../chat/ChatConnectionContext.tsx";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { useActionMessages } from "../../useActionMessages.ts";
import { usePresence } from "../../chat/usePresence.ts";
import { PresenceDot } from "./PresenceDot.tsx";
import { AddTeamMemberForm } from "./AddTeamMemberForm.tsx";
import { InviteGuestForm } from "./InviteGuestForm.tsx";
import { LabelSelect } from "./ContentLabel.tsx";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0 },
  row: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  name: { flexGrow: 1, overflowWrap: "anywhere" },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

/**
 * A team's members. Everyone in the team sees who is in it; the team's owners and the
 * organisation's owners and admins (the server's rule) also remove people and add them — admins
 * choose from the organisation's user list. Others have no directory to choose from yet (the
 * user list is an admin route), so they are told to ask an admin.
 */
export function TeamMembersDialog({
  api,
  me,
  labels,
  team,
  onClose,
  onTeamChanged,
}: {
  api: ChatApi;
  me: MeResponse;
  /** The organisation's sensitivity labels, least sensitive first. */
  labels: SensitivityLabel[];
  team: TeamSummary;
  onClose: () => void;
  /** The team's settings changed (the page re-reads its teams). */
  onTeamChanged: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const admin = isAdminRole(me.user.role);
  const canManage = admin || team.myRole === "owner";
  const details = useLoader((signal) => api.team(team.id, signal));
  // Someone added or removed elsewhere while the list is open (`directory.changed`): read it again.
  const connection = useChatConnection();
  const reloadDetails = details.reload;
  useEffect(() => connection.onDirectoryChanged(reloadDetails), [connection, reloadDetails]);
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [allowGuests, setAllowGuests] = useState(team.allowGuests);
  const [labelId, setLabelId] = useState(team.labelId);
  const members = details.data?.members ?? [];
  const presenceOf = usePresence(members.map((m) => m.userId));
  const overrides = { last_owner: t("teamMembers.lastOwner") };

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t("teamMembers.title", { team: team.name })}</DialogTitle>
          <DialogContent className={form.form}>
            <StatusMessage message={notice} />
            <ErrorMessage error={failure ?? details.error} overrides={overrides} />
            {details.loading && !details.data ? (
              <Loading />
            ) : (
              <ul className={styles.list} aria-label={t("teamMembers.listLabel")}>
                {members.map((member) => (
                  <li key={member.userId} className={styles.row}>
                    <PresenceDot state={presenceOf(member.userId)} />
                    <span className={styles.name}>
                      {member.userId === me.user.id
                        ? t("chat.you", { name: member.displayName })
                        : member.displayName}
                    </span>
                    <Badge
                      appearance="tint"
                      color={member.role === "owner" ? "brand" : "informative"}
                    >
                      {t(`chat.teamRoles.${member.role}`)}
                    </Badge>
                    {canManage && member.userId !== me.user.id && (
                      <Button
                        size="small"
                        aria-label={t("teamMembers.removeNamed", { name: member.displayName })}
                        onClick={() => setRemoving(member)}
                      >
                        {t("teamMembers.remove")}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {canManage && (
              <section className={form.form} aria-labelledby="add-team-member">
                <h3 id="add-team-member" className={styles.heading}>
                  {t("teamMembers.addHeading")}
                </h3>
                {admin ? (
                  <AddTeamMemberForm
                    api={api}
                    team={team}
                    members={members}
                    onAdded={(name) => {
                      succeeded(t("teamMembers.added", { name }));
                      details.reload();
                    }}
                  />
                ) : (
                  <p className={form.help}>{t("teamMembers.notAdmin")}</p>
                )}
              </section>
            )}
            {admin && labels.length > 0 && (
              <section className={form.form} aria-labelledby="team-label">
                <h3 id="team-label" className={styles.heading}>
                  {t("labels.teamHeading")}
                </h3>
                <Field label={t("labels.teamLabel")} hint={t("labels.teamHelp")}>
                  <LabelSelect
                    labels={labels}
                    value={labelId}
                    onPick={(picked) =>
                      void attempt(async () => {
                        const updated = await api.setTeamLabel(team.id, picked);
                        setLabelId(updated.labelId);
                        onTeamChanged();
                        const name = labels.find((l) => l.id === updated.labelId)?.name;
                        return name
                          ? t("labels.teamSet", { label: name })
                          : t("labels.teamCleared");
                      })
                    }
                  />
                </Field>
              </section>
            )}
            {canManage && (
              <section className={form.form} aria-labelledby="team-guests">
                <h3 id="team-guests" className={styles.heading}>
                  {t("guests.heading")}
                </h3>
                <Switch
                  checked={allowGuests}
                  label={t("guests.allow")}
                  onChange={(_event, data) =>
                    void attempt(async () => {
                      const updated = await api.updateTeam(team.id, { allowGuests: data.checked });
                      setAllowGuests(updated.allowGuests);
                      onTeamChanged();
                      return updated.allowGuests ? t("guests.allowedOn") : t("guests.allowedOff");
                    })
                  }
                />
                {allowGuests && (
                  <InviteGuestForm api={api} team={team} onInvited={() => details.reload()} />
                )}
              </section>
            )}
            {removing && (
              <ConfirmDialog
                title={t("teamMembers.removeTitle", {
                  name: removing.displayName,
                  team: team.name,
                })}
                confirmLabel={t("teamMembers.remove")}
                onClose={() => setRemoving(null)}
                onConfirm={() =>
                  attempt(async () => {
                    await api.removeTeamMember(team.id, removing.userId);
                    details.reload();
                    return t("teamMembers.removed", { name: removing.displayName });
                  })
                }
              >
                <p>{t("teamMembers.removeBody")}</p>
              </ConfirmDialog>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
