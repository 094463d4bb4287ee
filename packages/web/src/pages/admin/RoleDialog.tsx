import { useState } from "react";
import { Dialog, DialogSurface, Field, Select } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { TENANT_ROLES, type TenantRole, type UserSummary } from "@engawa/shared";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { FormDialogBody } from "../../components/FormDialogBody.tsx";
import { useSubmission } from "../../useSubmission.ts";
import { assignableRoles } from "./InviteDialog.tsx";

/** Changes one user's role; the last owner cannot be demoted (the server answers last_owner). */
export function RoleDialog({
  user,
  canGrantOwner,
  onSave,
  onClose,
}: {
  user: UserSummary;
  canGrantOwner: boolean;
  onSave: (role: TenantRole) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [role, setRole] = useState<TenantRole>(user.role);
  const { formRef, failure, busy, send } = useSubmission();
  const roles = assignableRoles(canGrantOwner);
  if (!roles.includes(user.role)) roles.unshift(user.role);

  const save = () =>
    send(async () => {
      await onSave(role);
      onClose();
    });

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <FormDialogBody
          title={t("users.changeRoleTitle", { name: user.displayName })}
          submitLabel={t("users.changeRoleSubmit")}
          formRef={formRef}
          busy={busy}
          onSubmit={save}
          onCancel={onClose}
        >
          <Field label={t("common.role")}>
            <Select
              value={role}
              onChange={(_e, data) => {
                const chosen = TENANT_ROLES.find((r) => r === data.value);
                if (chosen) setRole(chosen);
              }}
            >
              {roles.map((option) => (
                <option key={option} value={option}>
                  {t(`roles.${option}`)}
                </option>
              ))}
            </Select>
          </Field>
          <ErrorMessage error={failure} />
        </FormDialogBody>
      </DialogSurface>
    </Dialog>
  );
}
