import { useState } from "react";
import { Button, Field, Select, makeStyles, tokens } from "@fluentui/react-components";
import { PersonAddRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { TeamMember, TeamSummary } from "@engawa/shared";
import { useLoader } from "../../api/useLoader.ts";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { checkRequired, compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalM,
  },
  grow: { flexGrow: 1, minWidth: "12em" },
});

const FIELDS = ["userId", "role"] as const;
type AddField = (typeof FIELDS)[number];

/**
 * Adds a person of the organisation to a team, for admins: they choose from the organisation's
 * user list (people already in the team and disabled accounts are left out). A guest account
 * always becomes a team guest, whatever role is chosen (the server's rule).
 */
export function AddTeamMemberForm({
  api,
  team,
  members,
  onAdded,
}: {
  api: ChatApi;
  team: TeamSummary;
  members: readonly TeamMember[];
  onAdded: (name: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const users = useLoader((signal) => api.users(signal));
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<"member" | "owner">("member");
  const inTeam = new Set(members.map((m) => m.userId));
  const candidates = (users.data?.users ?? []).filter(
    (u) => u.status !== "disabled" && !inTeam.has(u.id),
  );
  const labels: Record<AddField, string> = {
    userId: t("teamMembers.person"),
    role: t("teamMembers.role"),
  };

  async function submit(): Promise<void> {
    if (!check(compact<AddField>({ userId: checkRequired(t, userId) }))) return;
    const person = candidates.find((u) => u.id === userId);
    await send(async () => {
      await api.putTeamMember(team.id, userId, role);
      setUserId("");
      onAdded(person?.displayName ?? "");
    });
  }

  if (users.data && candidates.length === 0) return <p>{t("teamMembers.noneToAdd")}</p>;
  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className={styles.row}>
        <Field label={labels.userId} className={styles.grow} {...validation(errors.userId)}>
          <Select value={userId} onChange={(_e, data) => setUserId(data.value)}>
            <option value="">{t("teamMembers.choose")}</option>
            {candidates.map((user) => (
              <option key={user.id} value={user.id}>
                {`${user.displayName} (${user.email})`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={labels.role}>
          <Select
            value={role}
            onChange={(_e, data) => setRole(data.value === "owner" ? "owner" : "member")}
          >
            <option value="member">{t("chat.teamRoles.member")}</option>
            <option value="owner">{t("chat.teamRoles.owner")}</option>
          </Select>
        </Field>
        <Button type="submit" appearance="primary" icon={<PersonAddRegular />} disabled={busy}>
          {t("teamMembers.add")}
        </Button>
      </div>
      <ErrorMessage error={failure ?? users.error} fieldLabel={blamed ? labels[blamed] : null} />
    </form>
  );
}
