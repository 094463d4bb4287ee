import { useState } from "react";
import {
  Dialog,
  DialogSurface,
  Field,
  Input,
  Radio,
  RadioGroup,
  Textarea,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { COLLAB_LIMITS, type TeamSummary, type TeamVisibility } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { FormDialogBody } from "../../components/FormDialogBody.tsx";
import { checkRequired, compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const FIELDS = ["name", "description", "visibility"] as const;
type TeamField = (typeof FIELDS)[number];

/**
 * Creates a team: name, an optional description, public or private (Teams' choice). The server
 * makes the creator its owner and gives it a General channel; guests are never offered this.
 */
export function CreateTeamDialog({
  api,
  onCreated,
  onClose,
}: {
  api: ChatApi;
  onCreated: (team: TeamSummary) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<TeamVisibility>("public");
  const labels: Record<TeamField, string> = {
    name: t("createTeam.name"),
    description: t("createTeam.description"),
    visibility: t("createTeam.visibility"),
  };

  async function submit(): Promise<void> {
    if (!check(compact<TeamField>({ name: checkRequired(t, name) }))) return;
    await send(async () => {
      const team = await api.createTeam({
        name: name.trim(),
        visibility,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      onCreated(team);
    });
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <FormDialogBody
          title={t("createTeam.title")}
          submitLabel={t("createTeam.submit")}
          formRef={formRef}
          busy={busy}
          onSubmit={submit}
          onCancel={onClose}
        >
          <Field label={labels.name} required {...validation(errors.name)}>
            <Input
              value={name}
              maxLength={COLLAB_LIMITS.teamNameMax}
              onChange={(_e, data) => setName(data.value)}
            />
          </Field>
          <Field label={labels.description} {...validation(errors.description)}>
            <Textarea
              value={description}
              maxLength={COLLAB_LIMITS.descriptionMax}
              resize="vertical"
              onChange={(_e, data) => setDescription(data.value)}
            />
          </Field>
          <Field label={labels.visibility} {...validation(errors.visibility)}>
            <RadioGroup
              value={visibility}
              onChange={(_e, data) =>
                setVisibility(data.value === "private" ? "private" : "public")
              }
            >
              <Radio value="public" label={t("createTeam.public")} />
              <Radio value="private" label={t("createTeam.private")} />
            </RadioGroup>
          </Field>
          <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
        </FormDialogBody>
      </DialogSurface>
    </Dialog>
  );
}
