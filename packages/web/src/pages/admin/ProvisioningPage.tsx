import { useRef, useState, type FormEvent } from "react";
import { Badge, Button, Field, Input, TableCell, TableRow } from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type {
  MeResponse,
  ScimTokenListResponse,
  ScimTokenResponse,
  ScimTokenSecretResponse,
  ScimTokenSummary,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { CopyField } from "../../components/CopyField.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles, useListStyles } from "../../components/layout.ts";
import { LinkDialog } from "../../components/LinkCreated.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useActionMessages } from "../../useActionMessages.ts";

type Pending =
  | { kind: "rotate" | "revoke"; token: ScimTokenSummary }
  | { kind: "secret"; secret: string }
  | null;

/**
 * "Provisioning (SCIM)" for owners and admins: the SCIM base URL to give the identity provider,
 * and its bearer tokens — create, rotate, revoke. A token's secret is shown once, in a dialog with
 * Copy; the server keeps only its hash.
 */
export function ProvisioningPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useListStyles();
  const form = useFormStyles();
  const { request } = useUserSession();
  const base = `/api/t/${encodeURIComponent(me.tenant.slug)}/scim-tokens`;
  const tokens = useLoader((signal) => request<ScimTokenListResponse>(base, { signal }));
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState<Pending>(null);
  const { notice, failure, attempt, succeeded } = useActionMessages();

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (name.trim() === "") {
      setNameError(t("common.required"));
      return;
    }
    setNameError(null);
    setBusy(true);
    await attempt(async () => {
      const result = await request<ScimTokenSecretResponse>(base, {
        method: "POST",
        body: { name: name.trim() },
      });
      setName("");
      setPending({ kind: "secret", secret: result.secret });
      tokens.reload();
      return t("provisioning.created", { name: result.token.name });
    });
    setBusy(false);
  }

  return (
    <>
      <PageHeading>{t("provisioning.title")}</PageHeading>
      <p className={form.intro}>{t("provisioning.intro")}</p>
      <div className={form.form}>
        {tokens.data && <CopyField label={t("provisioning.baseUrl")} value={tokens.data.baseUrl} />}
        <form className={form.section} noValidate onSubmit={(event) => void create(event)}>
          <h2 className={form.legend}>{t("provisioning.createSection")}</h2>
          <Field
            label={t("provisioning.tokenName")}
            hint={t("provisioning.tokenNameHint")}
            required
            validationMessage={nameError ?? undefined}
          >
            <Input
              ref={nameRef}
              value={name}
              maxLength={100}
              onChange={(_e, data) => setName(data.value)}
            />
          </Field>
          <div className={form.actions}>
            <Button type="submit" appearance="primary" icon={<AddRegular />} disabled={busy}>
              {t("provisioning.create")}
            </Button>
          </div>
        </form>
        <StatusMessage message={notice} />
        <ErrorMessage error={failure ?? tokens.error} />
        <RecordTable
          label={t("provisioning.tableLabel")}
          columns={[
            t("provisioning.columnName"),
            t("common.status"),
            t("provisioning.columnCreated"),
            t("provisioning.columnLastUsed"),
            t("users.actions"),
          ]}
          loading={tokens.loading && !tokens.data}
          emptyText={tokens.data?.tokens.length === 0 ? t("provisioning.empty") : null}
        >
          {(tokens.data?.tokens ?? []).map((token) => (
            <TableRow key={token.id}>
              <TableCell>{token.name}</TableCell>
              <TableCell className={styles.nowrap}>
                <Badge appearance="tint" color={token.status === "active" ? "success" : "subtle"}>
                  {t(`provisioning.statuses.${token.status}`)}
                </Badge>
              </TableCell>
              <TableCell className={styles.nowrap}>
                <DateTime value={token.createdAt} />
              </TableCell>
              <TableCell className={styles.nowrap}>
                {token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : t("provisioning.never")}
              </TableCell>
              <TableCell>
                {token.status === "active" ? (
                  <div className={form.actions}>
                    <Button
                      aria-label={t("provisioning.rotateFor", { name: token.name })}
                      onClick={() => setPending({ kind: "rotate", token })}
                    >
                      {t("provisioning.rotate")}
                    </Button>
                    <Button
                      aria-label={t("provisioning.revokeFor", { name: token.name })}
                      onClick={() => setPending({ kind: "revoke", token })}
                    >
                      {t("provisioning.revoke")}
                    </Button>
                  </div>
                ) : (
                  t("common.none")
                )}
              </TableCell>
            </TableRow>
          ))}
        </RecordTable>
      </div>
      {pending?.kind === "rotate" && (
        <ConfirmDialog
          title={t("provisioning.rotateTitle", { name: pending.token.name })}
          confirmLabel={t("provisioning.rotate")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const result = await request<ScimTokenSecretResponse>(
              `${base}/${pending.token.id}/rotate`,
              { method: "POST" },
            );
            succeeded(t("provisioning.rotated", { name: pending.token.name }));
            tokens.reload();
            // Shown after the confirmation closes (it calls onClose after this resolves).
            setTimeout(() => setPending({ kind: "secret", secret: result.secret }), 0);
          }}
        >
          <p>{t("provisioning.rotateBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "revoke" && (
        <ConfirmDialog
          title={t("provisioning.revokeTitle", { name: pending.token.name })}
          confirmLabel={t("provisioning.revoke")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await request<ScimTokenResponse>(`${base}/${pending.token.id}/revoke`, {
              method: "POST",
            });
            succeeded(t("provisioning.revoked", { name: pending.token.name }));
            tokens.reload();
            // The row's buttons go away with the token: keep focus in the page, not on nothing.
            setTimeout(() => nameRef.current?.focus(), 0);
          }}
        >
          <p>{t("provisioning.revokeBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "secret" && (
        <LinkDialog
          title={t("provisioning.secretTitle")}
          message={t("provisioning.secretBody")}
          linkLabel={t("provisioning.secretLabel")}
          url={pending.secret}
          onClose={() => setPending(null)}
        />
      )}
    </>
  );
}
