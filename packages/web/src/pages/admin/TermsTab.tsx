import { useState } from "react";
import { Button, Field, Input, TableCell, TableRow, Textarea } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  TERMS_LIMITS,
  type TermsOfUse,
  type TermsOfUseInput,
  type TermsOfUseListResponse,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useFormStyles, useListStyles } from "../../components/layout.ts";
import { checkRequired, compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const FIELDS = ["name", "text"] as const;

/**
 * The organisation's terms of use (Entra ID's "terms of use"): texts a policy can ask people to
 * accept before they use its apps. New words are a new version, which everyone accepts again.
 */
export function TermsTab({ base }: { base: string }) {
  const { t } = useTranslation();
  const list = useListStyles();
  const { request } = useUserSession();
  const path = `${base}/conditional-access/terms`;
  const loaded = useLoader((signal) => request<TermsOfUseListResponse>(path, { signal }));
  const [editing, setEditing] = useState<TermsOfUse | "new" | null>(null);
  const [deleting, setDeleting] = useState<TermsOfUse | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  if (editing !== null)
    return (
      <TermsForm
        path={path}
        terms={editing === "new" ? null : editing}
        onDone={(message) => {
          setEditing(null);
          setStatus(message);
          if (message) loaded.reload();
        }}
      />
    );
  const terms = loaded.data?.terms ?? [];
  return (
    <>
      <StatusMessage message={status} />
      <ErrorMessage error={loaded.error} />
      <p>{t("terms.intro")}</p>
      <div className={list.toolbar}>
        <Button appearance="primary" onClick={() => setEditing("new")}>
          {t("terms.new")}
        </Button>
      </div>
      <RecordTable
        label={t("terms.tableLabel")}
        columns={[t("terms.name"), t("terms.version"), t("terms.updated"), ""]}
        loading={loaded.loading && !loaded.data}
        emptyText={terms.length === 0 ? t("terms.empty") : null}
      >
        {terms.map((item) => (
          <TableRow key={item.id}>
            <TableCell>{item.name}</TableCell>
            <TableCell>{item.version}</TableCell>
            <TableCell>
              <DateTime value={item.updatedAt} />
            </TableCell>
            <TableCell>
              <Button
                appearance="subtle"
                aria-label={`${t("terms.edit")}: ${item.name}`}
                onClick={() => setEditing(item)}
              >
                {t("terms.edit")}
              </Button>
              <Button
                appearance="subtle"
                aria-label={`${t("terms.delete")}: ${item.name}`}
                onClick={() => setDeleting(item)}
              >
                {t("terms.delete")}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {deleting && (
        <ConfirmDialog
          title={t("terms.deleteTitle", { name: deleting.name })}
          confirmLabel={t("terms.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await request(`${path}/${deleting.id}`, { method: "DELETE" });
            setStatus(t("terms.deleted"));
            loaded.reload();
          }}
        >
          {t("terms.deleteText")}
        </ConfirmDialog>
      )}
    </>
  );
}

function TermsForm({
  path,
  terms,
  onDone,
}: {
  path: string;
  terms: TermsOfUse | null;
  onDone: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const { request } = useUserSession();
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);
  const [name, setName] = useState(terms?.name ?? "");
  const [text, setText] = useState(terms?.text ?? "");

  async function submit(): Promise<void> {
    const body: TermsOfUseInput = { name: name.trim(), text };
    if (!check(compact({ name: checkRequired(t, name), text: checkRequired(t, text) }))) return;
    await send(async () => {
      await request(terms ? `${path}/${terms.id}` : path, {
        method: terms ? "PUT" : "POST",
        body,
      });
      onDone(t("terms.saved"));
    });
  }

  return (
    <form
      ref={formRef}
      noValidate
      className={form.form}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset className={form.section}>
        <legend className={form.legend}>
          {terms ? `${t("terms.edit")}: ${terms.name}` : t("terms.new")}
        </legend>
        <Field label={t("terms.name")} required {...validation(errors.name)}>
          <Input
            name="name"
            value={name}
            maxLength={TERMS_LIMITS.nameMax}
            onChange={(_e, d) => setName(d.value)}
          />
        </Field>
        <Field
          label={t("terms.text")}
          hint={t("terms.textHelp")}
          required
          {...validation(errors.text)}
        >
          <Textarea
            name="text"
            value={text}
            rows={10}
            maxLength={TERMS_LIMITS.textMax}
            onChange={(_e, d) => setText(d.value)}
          />
        </Field>
      </fieldset>
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("terms.save")}
        </Button>
        <Button disabled={busy} onClick={() => onDone(null)}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
