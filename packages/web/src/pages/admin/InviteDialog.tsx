import { useState } from "react";
import { Dialog, DialogSurface, Field, Select } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  TENANT_ROLES,
  type InvitationResponse,
  type InviteUserRequest,
  type TenantRole,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { FormDialogBody } from "../../components/FormDialogBody.tsx";
import { InviteeFields, trimmedInvitee } from "../../components/InviteeFields.tsx";
import { LinkCreatedBody } from "../../components/LinkCreated.tsx";
import { checkEmail, checkRequired, compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const FIELDS = ["email", "displayName", "role"] as const;
type InviteField = (typeof FIELDS)[number];

/** Roles the current user may hand out: only an owner makes owners (the server's rule too). */
export function assignableRoles(canGrantOwner: boolean): TenantRole[] {
  return TENANT_ROLES.filter((role) => canGrantOwner || role !== "owner");
}

/**
 * Invites a user: e-mail, name and role in, a one-time link out. The link is shown once, with a
 * Copy button; Engawa sends no e-mail, so the admin passes it on.
 */
export function InviteDialog({
  slug,
  canInviteOwner,
  onClose,
  onInvited,
}: {
  slug: string;
  canInviteOwner: boolean;
  onClose: () => void;
  onInvited: () => void;
}) {
  const { t } = useTranslation();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const { request } = useUserSession();
  const empty = { email: "", displayName: "", role: "member" as TenantRole };
  const [form, setForm] = useState(empty);
  const [result, setResult] = useState<InvitationResponse | null>(null);
  const labels: Record<InviteField, string> = {
    email: t("common.email"),
    displayName: t("common.displayName"),
    role: t("common.role"),
  };

  async function submit(): Promise<void> {
    const problems = compact<InviteField>({
      email: checkEmail(t, form.email),
      displayName: checkRequired(t, form.displayName),
    });
    if (!check(problems)) return;
    const body: InviteUserRequest = { ...trimmedInvitee(form), role: form.role };
    await send(async () => {
      setResult(
        await request<InvitationResponse>(`/api/t/${encodeURIComponent(slug)}/users`, {
          method: "POST",
          body,
        }),
      );
      onInvited();
    });
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        {result ? (
          <LinkCreatedBody
            title={t("inviteDialog.doneTitle")}
            message={t("inviteDialog.doneBody", { email: result.user.email })}
            linkLabel={t("inviteDialog.link")}
            url={result.inviteUrl}
            expiresAt={result.expiresAt}
            onClose={onClose}
          />
        ) : (
          <FormDialogBody
            title={t("inviteDialog.title")}
            submitLabel={t("inviteDialog.submit")}
            formRef={formRef}
            busy={busy}
            onSubmit={submit}
            onCancel={onClose}
          >
            <InviteeFields
              invitee={form}
              onChange={(invitee) => setForm({ ...form, ...invitee })}
              labels={labels}
              emailError={errors.email}
              displayNameError={errors.displayName}
            />
            <Field label={labels.role} {...validation(errors.role)}>
              <Select
                value={form.role}
                onChange={(_e, data) => {
                  const role = TENANT_ROLES.find((r) => r === data.value);
                  if (role) setForm({ ...form, role });
                }}
              >
                {assignableRoles(canInviteOwner).map((role) => (
                  <option key={role} value={role}>
                    {t(`roles.${role}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
          </FormDialogBody>
        )}
      </DialogSurface>
    </Dialog>
  );
}
