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
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { LIMITS, type CreateTenantRequest, type TenantCreatedResponse } from "@engawa/shared";
import { useOperatorSession } from "../../api/session.tsx";
import { CopyField } from "../../components/CopyField.tsx";
import {
  blamedField,
  ErrorMessage,
  errorText,
  StatusMessage,
} from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { TenantFields, useTenantDraft } from "../../components/TenantFields.tsx";
import {
  checkEmail,
  checkRequired,
  checkSlug,
  compact,
  validation,
  type FieldErrors,
} from "../../forms.ts";

const FIELDS = ["name", "slug", "owner.email", "owner.displayName"] as const;
type TenantField = (typeof FIELDS)[number];

/**
 * Creates an organisation and its owner's one-time invitation link. The operator learns only the
 * link, never a password: the owner sets their own.
 */
export function CreateTenantDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const { ref: formRef, focusFirstInvalid } = useFocusFirstInvalid<HTMLFormElement>();
  const styles = useFormStyles();
  const { request } = useOperatorSession();
  const tenant = useTenantDraft();
  const [owner, setOwner] = useState({ email: "", displayName: "" });
  const [errors, setErrors] = useState<FieldErrors<TenantField>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TenantCreatedResponse | null>(null);
  const labels: Record<TenantField, string> = {
    name: t("common.tenantName"),
    slug: t("common.tenantId"),
    "owner.email": t("createTenant.ownerEmail"),
    "owner.displayName": t("createTenant.ownerName"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const problems = compact<TenantField>({
      name: checkRequired(t, tenant.draft.name),
      slug: checkSlug(t, tenant.draft.slug),
      "owner.email": checkEmail(t, owner.email),
      "owner.displayName": checkRequired(t, owner.displayName),
    });
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    const body: CreateTenantRequest = {
      name: tenant.draft.name.trim(),
      slug: tenant.draft.slug,
      owner: { email: owner.email.trim(), displayName: owner.displayName.trim() },
    };
    setBusy(true);
    try {
      setResult(
        await request<TenantCreatedResponse>("/api/operator/tenants", { method: "POST", body }),
      );
      onCreated();
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
            <DialogTitle>{t("createTenant.doneTitle")}</DialogTitle>
            <DialogContent className={styles.form}>
              <StatusMessage
                message={t("createTenant.doneBody", {
                  name: result.tenant.name,
                  slug: result.tenant.slug,
                })}
              />
              <CopyField label={t("createTenant.ownerLink")} value={result.ownerInviteUrl} />
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
              <DialogTitle>{t("createTenant.title")}</DialogTitle>
              <DialogContent className={styles.form}>
                <TenantFields
                  draft={tenant.draft}
                  onName={tenant.setName}
                  onSlug={tenant.setSlug}
                  nameError={errors.name}
                  slugError={errors.slug}
                />
                <Field label={labels["owner.email"]} {...validation(errors["owner.email"])}>
                  <Input
                    required
                    type="email"
                    autoComplete="off"
                    maxLength={LIMITS.emailMax}
                    value={owner.email}
                    onChange={(_e, data) => setOwner({ ...owner, email: data.value })}
                  />
                </Field>
                <Field
                  label={labels["owner.displayName"]}
                  {...validation(errors["owner.displayName"])}
                >
                  <Input
                    required
                    autoComplete="off"
                    maxLength={LIMITS.displayNameMax}
                    value={owner.displayName}
                    onChange={(_e, data) => setOwner({ ...owner, displayName: data.value })}
                  />
                </Field>
                <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
              </DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={onClose} disabled={busy}>
                  {t("common.cancel")}
                </Button>
                <Button type="submit" appearance="primary" disabled={busy}>
                  {t("createTenant.submit")}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
