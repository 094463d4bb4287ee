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
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { TENANT_ROLES, type TenantRole, type UserSummary } from "@engawa/shared";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
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
  const styles = useFormStyles();
  const [role, setRole] = useState<TenantRole>(user.role);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const roles = assignableRoles(canGrantOwner);
  if (!roles.includes(user.role)) roles.unshift(user.role);

  async function save(): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      await onSave(role);
      onClose();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <DialogBody>
            <DialogTitle>{t("users.changeRoleTitle", { name: user.displayName })}</DialogTitle>
            <DialogContent className={styles.form}>
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
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={busy}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" appearance="primary" disabled={busy}>
                {t("users.changeRoleSubmit")}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
