import { useState } from "react";
import { Dialog, DialogSurface, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { COLLAB_LIMITS, type ChatSummary, type Person } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { FormDialogBody } from "../../components/FormDialogBody.tsx";
import { compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";
import { PeoplePicker } from "./PeoplePicker.tsx";

const FIELDS = ["userIds", "topic"] as const;
type ChatField = (typeof FIELDS)[number];

/**
 * Starts a chat: pick one person (a 1:1 chat; the one that exists already opens instead) or
 * several, with an optional topic for a group. A person who cannot be reached (gone, disabled,
 * or outside a guest's teams) is named in words, not as "not found".
 */
export function NewChatDialog({
  api,
  initialPeople,
  onStarted,
  onClose,
}: {
  api: ChatApi;
  /** Already chosen (a group chat started from a 1:1 chat: the other person). */
  initialPeople?: Person[] | undefined;
  onStarted: (chat: ChatSummary) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const overrides = {
    not_found: t("newChat.cannotReach"),
    invalid_value: t("newChat.choosePerson"),
  };
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS, {
    overrides,
  });
  const [people, setPeople] = useState<Person[]>(initialPeople ?? []);
  const [topic, setTopic] = useState("");
  const labels: Record<ChatField, string> = {
    userIds: t("newChat.people"),
    topic: t("newChat.topic"),
  };

  async function submit(): Promise<void> {
    if (
      !check(
        compact<ChatField>({
          userIds: people.length === 0 ? t("newChat.choosePerson") : undefined,
        }),
      )
    )
      return;
    await send(async () => {
      const chat = await api.createChat({
        userIds: people.map((p) => p.id),
        ...(people.length > 1 && topic.trim() ? { topic: topic.trim() } : {}),
      });
      onStarted(chat);
    });
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <FormDialogBody
          title={t("newChat.title")}
          submitLabel={t("newChat.submit")}
          formRef={formRef}
          busy={busy}
          onSubmit={submit}
          onCancel={onClose}
        >
          <PeoplePicker
            api={api}
            label={labels.userIds}
            chosen={people}
            onChange={setPeople}
            // "Choose someone" goes once someone is chosen (a server refusal stays below).
            error={people.length === 0 ? errors.userIds : undefined}
          />
          {people.length > 1 && (
            <Field label={labels.topic} hint={t("newChat.topicHint")} {...validation(errors.topic)}>
              <Input
                value={topic}
                maxLength={COLLAB_LIMITS.channelNameMax}
                onChange={(_e, data) => setTopic(data.value)}
              />
            </Field>
          )}
          <ErrorMessage
            error={failure}
            fieldLabel={blamed ? labels[blamed] : null}
            overrides={overrides}
          />
        </FormDialogBody>
      </DialogSurface>
    </Dialog>
  );
}
