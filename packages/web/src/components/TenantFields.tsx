import { useState } from "react";
import { Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { LIMITS } from "@engawa/shared";
import { validation } from "../forms.ts";
import { suggestSlug } from "../slug.ts";

/** Name and organisation ID of a new tenant, with the ID suggested from an ASCII name. */
export interface TenantDraft {
  name: string;
  slug: string;
}

/**
 * Keeps the suggested ID in step with the name until the person edits the ID themselves; from
 * then on their choice stays.
 */
export function useTenantDraft() {
  const [draft, setDraft] = useState<TenantDraft>({ name: "", slug: "" });
  const [slugEdited, setSlugEdited] = useState(false);
  return {
    draft,
    setName: (name: string) =>
      setDraft((previous) => {
        const suggestion = slugEdited ? null : suggestSlug(name);
        return { name, slug: suggestion ?? previous.slug };
      }),
    setSlug: (slug: string) => {
      setSlugEdited(true);
      setDraft((previous) => ({ ...previous, slug: slug.toLowerCase() }));
    },
  };
}

/** The two inputs: organisation name and organisation ID. */
export function TenantFields({
  draft,
  onName,
  onSlug,
  nameError,
  slugError,
}: {
  draft: TenantDraft;
  onName: (value: string) => void;
  onSlug: (value: string) => void;
  nameError: string | undefined;
  slugError: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("common.tenantName")} {...validation(nameError)}>
        <Input
          required
          autoComplete="organization"
          maxLength={LIMITS.tenantNameMax}
          value={draft.name}
          onChange={(_event, data) => onName(data.value)}
        />
      </Field>
      <Field label={t("common.tenantId")} hint={t("common.slugHint")} {...validation(slugError)}>
        <Input
          required
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={32}
          value={draft.slug}
          onChange={(_event, data) => onSlug(data.value)}
        />
      </Field>
    </>
  );
}
