import { useState } from "react";
import { Dialog, DialogSurface } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { CreateTenantRequest, TenantCreatedResponse } from "@engawa/shared";
import { useOperatorSession } from "../../api/session.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { FormDialogBody } from "../../components/FormDialogBody.tsx";
import { LinkCreatedBody } from "../../components/LinkCreated.tsx";
import {
  InviteeFields,
  ownerProblems,
  trimmedInvitee,
  type InviteeDraft,
} from "../../components/InviteeFields.tsx";
import { TenantFields, useTenantDraft } from "../../components/TenantFields.tsx";
import { checkRequired, checkSlug, compact } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

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
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const { request } = useOperatorSession();
  const tenant = useTenantDraft();
  const [owner, setOwner] = useState<InviteeDraft>({ email: "", displayName: "" });
  const [result, setResult] = useState<TenantCreatedResponse | null>(null);
  const labels: Record<TenantField, string> = {
    name: t("common.tenantName"),
    slug: t("common.tenantId"),
    "owner.email": t("createTenant.ownerEmail"),
    "owner.displayName": t("createTenant.ownerName"),
  };

  async function submit(): Promise<void> {
    const problems = compact<TenantField>({
      name: checkRequired(t, tenant.draft.name),
      slug: checkSlug(t, tenant.draft.slug),
      ...ownerProblems(t, owner),
    });
    if (!check(problems)) return;
    const body: CreateTenantRequest = {
      name: tenant.draft.name.trim(),
      slug: tenant.draft.slug,
      owner: trimmedInvitee(owner),
    };
    await send(async () => {
      setResult(
        await request<TenantCreatedResponse>("/api/operator/tenants", { method: "POST", body }),
      );
      onCreated();
    });
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        {result ? (
          <LinkCreatedBody
            title={t("createTenant.doneTitle")}
            message={t("createTenant.doneBody", {
              name: result.tenant.name,
              slug: result.tenant.slug,
            })}
            linkLabel={t("createTenant.ownerLink")}
            url={result.ownerInviteUrl}
            onClose={onClose}
          />
        ) : (
          <FormDialogBody
            title={t("createTenant.title")}
            submitLabel={t("createTenant.submit")}
            formRef={formRef}
            busy={busy}
            onSubmit={submit}
            onCancel={onClose}
          >
            <TenantFields
              draft={tenant.draft}
              onName={tenant.setName}
              onSlug={tenant.setSlug}
              nameError={errors.name}
              slugError={errors.slug}
            />
            <InviteeFields
              invitee={owner}
              onChange={setOwner}
              labels={{
                email: labels["owner.email"],
                displayName: labels["owner.displayName"],
              }}
              emailError={errors["owner.email"]}
              displayNameError={errors["owner.displayName"]}
            />
            <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
          </FormDialogBody>
        )}
      </DialogSurface>
    </Dialog>
  );
}
