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
  Input,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { PeopleAddRegular, SaveRegular, SignOutRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { COLLAB_LIMITS, type ChatSummary, type Person } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { chatOthers, isDirectChat } from "../../chat/chatNames.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { useActionMessages } from "../../useActionMessages.ts";
import { PeoplePicker } from "./PeoplePicker.tsx";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: "flex", flexWrap: "wrap", alignItems: "end", gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1 },
  members: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

/**
 * A chat's settings, as in Teams: a group chat is named, takes more people (who then read its
 * history) and can be left; a 1:1 chat stays between its two people, so bringing someone in
 * starts a new group chat instead (`onStartGroup`). The server decides each change and says so in
 * words when it refuses.
 */
export function ChatSettingsDialog({
  api,
  chat,
  meId,
  onChanged,
  onLeft,
  onStartGroup,
  onClose,
}: {
  api: ChatApi;
  chat: ChatSummary;
  meId: string;
  /** The chat changed (its name or people): the list is read again. */
  onChanged: () => void;
  onLeft: () => void;
  /** From a 1:1 chat: a new group chat with the other person. */
  onStartGroup: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const { notice, failure, attempt } = useActionMessages();
  const [topic, setTopic] = useState(chat.topic);
  const [people, setPeople] = useState<Person[]>([]);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [busy, setBusy] = useState(false);
  const direct = isDirectChat(chat);
  const overrides = {
    not_found: t("chatSettings.cannotReach"),
    invalid_state: t("chatSettings.directStays"),
  };

  async function run(work: () => Promise<string>): Promise<void> {
    setBusy(true);
    await attempt(work);
    setBusy(false);
  }
  const rename = () =>
    run(async () => {
      const renamed = await api.renameChat(chat.id, topic.trim());
      onChanged();
      return renamed.topic
        ? t("chatSettings.renamed", { topic: renamed.topic })
        : t("chatSettings.nameRemoved");
    });
  const [missing, setMissing] = useState<string | undefined>(undefined);
  const add = () => {
    setMissing(people.length === 0 ? t("chatSettings.choosePerson") : undefined);
    if (people.length === 0) return Promise.resolve();
    return run(async () => {
      for (const person of people) await api.putChannelMember(chat.id, person.id);
      const names = people.map((p) => p.displayName).join(t("chats.nameSeparator"));
      setPeople([]);
      onChanged();
      return t("chatSettings.added", { names });
    });
  };
  const leave = () =>
    run(async () => {
      await api.removeChannelMember(chat.id, meId);
      onLeft();
      return t("chatSettings.left");
    });

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t("chatSettings.title")}</DialogTitle>
          <DialogContent className={form.form}>
            <section className={styles.section} aria-labelledby="chat-settings-people">
              <h3 id="chat-settings-people" className={styles.heading}>
                {t("chatSettings.people")}
              </h3>
              <ul className={styles.members}>
                {chat.members.map((member) => (
                  <li key={member.userId}>
                    {member.userId === meId
                      ? t("chatSettings.you", { name: member.displayName })
                      : member.displayName}
                  </li>
                ))}
              </ul>
              {direct ? (
                <>
                  <p className={form.help}>
                    {t("chatSettings.directHelp", { name: chatOthers(chat, meId).join("") })}
                  </p>
                  <div className={styles.row}>
                    <Button icon={<PeopleAddRegular />} onClick={onStartGroup}>
                      {t("chatSettings.startGroup")}
                    </Button>
                  </div>
                </>
              ) : (
                <>
                  <PeoplePicker
                    api={api}
                    label={t("chatSettings.addPeople")}
                    chosen={people}
                    onChange={(chosen) => {
                      setPeople(chosen);
                      if (chosen.length > 0) setMissing(undefined);
                    }}
                    error={missing}
                  />
                  <p className={form.help}>{t("chatSettings.historyNote")}</p>
                  <div className={styles.row}>
                    <Button
                      appearance="primary"
                      icon={<PeopleAddRegular />}
                      disabled={busy}
                      onClick={() => void add()}
                    >
                      {t("chatSettings.add")}
                    </Button>
                  </div>
                </>
              )}
            </section>
            {!direct && (
              <section className={styles.section} aria-labelledby="chat-settings-name">
                <h3 id="chat-settings-name" className={styles.heading}>
                  {t("chatSettings.name")}
                </h3>
                <div className={styles.row}>
                  <Field
                    className={styles.grow}
                    label={t("chatSettings.topic")}
                    hint={t("chatSettings.topicHint")}
                  >
                    <Input
                      value={topic}
                      maxLength={COLLAB_LIMITS.channelNameMax}
                      onChange={(_e, data) => setTopic(data.value)}
                    />
                  </Field>
                  <Button icon={<SaveRegular />} disabled={busy} onClick={() => void rename()}>
                    {t("chatSettings.save")}
                  </Button>
                </div>
              </section>
            )}
            {!direct && (
              <section className={styles.section} aria-labelledby="chat-settings-leave">
                <h3 id="chat-settings-leave" className={styles.heading}>
                  {t("chatSettings.leaveHeading")}
                </h3>
                {confirmLeave ? (
                  <>
                    <p className={form.help}>{t("chatSettings.leaveConfirm")}</p>
                    <div className={styles.row}>
                      <Button
                        appearance="primary"
                        icon={<SignOutRegular />}
                        disabled={busy}
                        onClick={() => void leave()}
                      >
                        {t("chatSettings.leaveNow")}
                      </Button>
                      <Button onClick={() => setConfirmLeave(false)}>{t("common.cancel")}</Button>
                    </div>
                  </>
                ) : (
                  <div className={styles.row}>
                    <Button icon={<SignOutRegular />} onClick={() => setConfirmLeave(true)}>
                      {t("chatSettings.leave")}
                    </Button>
                  </div>
                )}
              </section>
            )}
            <StatusMessage message={notice} />
            <ErrorMessage error={failure} overrides={overrides} />
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
