import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Select,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PersonAddRegular, PersonDeleteRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { ChannelSummary, MeResponse, TeamSummary } from "@engawa/shared";
import { useLoader } from "../../api/useLoader.ts";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { checkRequired, validation } from "../../forms.ts";
import { useActionMessages } from "../../useActionMessages.ts";

const useStyles = makeStyles({
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * Who is in a private channel, managed by its owners and the team's owners (the server decides
 * and says so in words when it refuses). People come from the team's members: a private channel
 * only holds people of its team. The server has no route listing a channel's members yet, so the
 * dialog adds or removes the chosen person without showing the current list.
 */
export function ChannelMembersDialog({
  api,
  me,
  team,
  channel,
  onClose,
}: {
  api: ChatApi;
  me: MeResponse;
  team: TeamSummary;
  channel: ChannelSummary;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const details = useLoader((signal) => api.team(team.id, signal));
  const { notice, failure, attempt } = useActionMessages();
  const [userId, setUserId] = useState("");
  const [missing, setMissing] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const people = (details.data?.members ?? []).filter((m) => m.userId !== me.user.id);
  const overrides = {
    not_found: t("channelMembers.notInChannel"),
    invalid_state: t("channelMembers.notInTeam"),
  };

  async function change(add: boolean): Promise<void> {
    const problem = checkRequired(t, userId);
    setMissing(problem);
    const person = people.find((m) => m.userId === userId);
    if (problem || !person) return;
    setBusy(true);
    await attempt(async () => {
      const values = { name: person.displayName, channel: channel.name };
      if (add) {
        await api.putChannelMember(channel.id, userId);
        return t("channelMembers.added", values);
      }
      await api.removeChannelMember(channel.id, userId);
      return t("channelMembers.removed", values);
    });
    setBusy(false);
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t("channelMembers.title", { channel: channel.name })}</DialogTitle>
          <DialogContent className={form.form}>
            <p className={form.help}>{t("channelMembers.intro")}</p>
            <Field label={t("channelMembers.person")} {...validation(missing)}>
              <Select value={userId} onChange={(_e, data) => setUserId(data.value)}>
                <option value="">{t("teamMembers.choose")}</option>
                {people.map((person) => (
                  <option key={person.userId} value={person.userId}>
                    {person.displayName}
                  </option>
                ))}
              </Select>
            </Field>
            <div className={styles.actions}>
              <Button
                appearance="primary"
                icon={<PersonAddRegular />}
                disabled={busy}
                onClick={() => void change(true)}
              >
                {t("channelMembers.add")}
              </Button>
              <Button
                icon={<PersonDeleteRegular />}
                disabled={busy}
                onClick={() => void change(false)}
              >
                {t("channelMembers.remove")}
              </Button>
            </div>
            <StatusMessage message={notice} />
            <ErrorMessage error={failure ?? details.error} overrides={overrides} />
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
