import { useState } from "react";
import { Dialog, DialogSurface, Field, Input, Radio, RadioGroup } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  COLLAB_LIMITS,
  type ChannelKind,
  type ChannelSummary,
  type TeamSummary,
} from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { FormDialogBody } from "../../components/FormDialogBody.tsx";
import { checkRequired, compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const FIELDS = ["name", "kind"] as const;
type ChannelField = (typeof FIELDS)[number];

/**
 * Adds a channel to a team: standard (the whole team sees it) or private (only the people added;
 * its creator is its first owner and adds the others from the channel's members dialog).
 */
export function AddChannelDialog({
  api,
  team,
  onCreated,
  onClose,
}: {
  api: ChatApi;
  team: TeamSummary;
  onCreated: (channel: ChannelSummary) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<ChannelKind>("standard");
  const labels: Record<ChannelField, string> = {
    name: t("addChannel.name"),
    kind: t("addChannel.kind"),
  };

  async function submit(): Promise<void> {
    if (!check(compact<ChannelField>({ name: checkRequired(t, name) }))) return;
    await send(async () => onCreated(await api.createChannel(team.id, name.trim(), kind)));
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <FormDialogBody
          title={t("addChannel.title", { team: team.name })}
          submitLabel={t("addChannel.submit")}
          formRef={formRef}
          busy={busy}
          onSubmit={submit}
          onCancel={onClose}
        >
          <Field label={labels.name} required {...validation(errors.name)}>
            <Input
              value={name}
              maxLength={COLLAB_LIMITS.channelNameMax}
              onChange={(_e, data) => setName(data.value)}
            />
          </Field>
          <Field label={labels.kind} {...validation(errors.kind)}>
            <RadioGroup
              value={kind}
              onChange={(_e, data) => setKind(data.value === "private" ? "private" : "standard")}
            >
              <Radio value="standard" label={t("addChannel.standard")} />
              <Radio value="private" label={t("addChannel.private")} />
            </RadioGroup>
          </Field>
          <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
        </FormDialogBody>
      </DialogSurface>
    </Dialog>
  );
}
