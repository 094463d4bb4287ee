import { useState, type FormEvent } from "react";
import { useFocusFirstInvalid } from "../../useFocusFirstInvalid.ts";
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
  Select,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  LIMITS,
  TENANT_ROLES,
  type InvitationResponse,
  type InviteUserRequest,
  type TenantRole,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { CopyField } from "../../components/CopyField.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import {
  blamedField,
  ErrorMessage,
  errorText,
  StatusMessage,
} from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { checkEmail, checkRequired, compact, validation, type FieldErrors } from "../../forms.ts";

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
  const { ref: formRef, focusFirstInvalid } = useFocusFirstInvalid<HTMLFormElement>();
  const styles = useFormStyles();
  const { request } = useUserSession();
  const empty = { email: "", displayName: "", role: "member" as TenantRole };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors<InviteField>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<InvitationResponse | null>(null);
  const labels: Record<InviteField, string> = {
    email: t("common.email"),
    displayName: t("common.displayName"),
    role: t("common.role"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const problems = compact<InviteField>({
      email: checkEmail(t, form.email),
      displayName: checkRequired(t, form.displayName),
    });
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    const body: InviteUserRequest = {
      email: form.email.trim(),
      displayName: form.displayName.trim(),
      role: form.role,
    };
    setBusy(true);
    try {
      setResult(
        await request<InvitationResponse>(`/api/t/${encodeURIComponent(slug)}/users`, {
          method: "POST",
          body,
        }),
      );
      onInvited();
    } catch (error) {
      setFailure(error);
      const field = blamedField(error, FIELDS);
      if (field) {
        setErrors({ [field]: errorText(t, error) });
        focusFirstInvalid();
      }
    } finally {
      setBusy(false);
    }
  }

  const blamed = blamedField(failure, FIELDS);
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        {result ? (
          <DialogBody>
            <DialogTitle>{t("inviteDialog.doneTitle")}</DialogTitle>
            <DialogContent className={styles.form}>
              <StatusMessage message={t("inviteDialog.doneBody", { email: result.user.email })} />
              <CopyField label={t("inviteDialog.link")} value={result.inviteUrl} />
              <p className={styles.help}>
                {t("common.expiresAt")}: <DateTime value={result.expiresAt} />
              </p>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={onClose}>
                {t("common.close")}
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <form ref={formRef} noValidate onSubmit={(event) => void submit(event)}>
            <DialogBody>
              <DialogTitle>{t("inviteDialog.title")}</DialogTitle>
              <DialogContent className={styles.form}>
                <Field label={labels.email} {...validation(errors.email)}>
                  <Input
                    required
                    type="email"
                    autoComplete="off"
                    maxLength={LIMITS.emailMax}
                    value={form.email}
                    onChange={(_e, data) => setForm({ ...form, email: data.value })}
                  />
                </Field>
                <Field label={labels.displayName} {...validation(errors.displayName)}>
                  <Input
                    required
                    autoComplete="off"
                    maxLength={LIMITS.displayNameMax}
                    value={form.displayName}
                    onChange={(_e, data) => setForm({ ...form, displayName: data.value })}
                  />
                </Field>
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
              </DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={onClose} disabled={busy}>
                  {t("common.cancel")}
                </Button>
                <Button type="submit" appearance="primary" disabled={busy}>
                  {t("inviteDialog.submit")}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}

/** Shows a freshly issued one-time link (re-issued invitation) with Copy and its expiry. */
export function LinkDialog({
  title,
  body,
  url,
  expiresAt,
  label,
  onClose,
}: {
  title: string;
  body: string;
  url: string;
  expiresAt: string;
  label?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={styles.form}>
            <StatusMessage message={body} />
            <CopyField label={label ?? t("inviteDialog.link")} value={url} />
            <p className={styles.help}>
              {t("common.expiresAt")}: <DateTime value={expiresAt} />
            </p>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
