import { useState } from "react";
import { Badge, Button, TableCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import { AddRegular, KeyResetRegular, LinkRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type {
  KeyRotationResponse,
  OwnerInviteResponse,
  TenantListResponse,
  TenantSummary,
} from "@engawa/shared";
import { useOperatorSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles, useListStyles } from "../../components/layout.ts";
import { LinkDialog } from "../../components/LinkCreated.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useActionMessages } from "../../useActionMessages.ts";
import { CreateTenantDialog } from "./CreateTenantDialog.tsx";

const useStyles = makeStyles({
  rowActions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

type Pending =
  | { kind: "rotate"; tenant: TenantSummary }
  | { kind: "link"; tenant: TenantSummary; url: string; expiresAt: string }
  | null;

/**
 * The operator console: organisations by name, ID and status, and the infrastructure actions an
 * operator may take on them. No tenant content is shown or fetched here (operators have no grant
 * on it; ARCHITECTURE.md, Principals).
 */
export function OperatorConsolePage() {
  const { t } = useTranslation();
  const list = useListStyles();
  const styles = useStyles();
  const form = useFormStyles();
  const { request } = useOperatorSession();
  const tenants = useLoader((signal) =>
    request<TenantListResponse>("/api/operator/tenants", { signal }),
  );
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const { notice, failure, attempt, succeeded } = useActionMessages();

  const renewOwnerLink = (tenant: TenantSummary) =>
    attempt(async () => {
      const result = await request<OwnerInviteResponse>(
        `/api/operator/tenants/${tenant.id}/owner-invitation`,
        { method: "POST" },
      );
      setPending({ kind: "link", tenant, url: result.ownerInviteUrl, expiresAt: result.expiresAt });
    });

  const statusText = (status: string) =>
    status === "active" ? t("operator.tenantStatuses.active") : status;

  return (
    <>
      <PageHeading>{t("operator.title")}</PageHeading>
      <p className={form.intro}>{t("operator.intro")}</p>
      <div className={list.toolbar}>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
          {t("operator.create")}
        </Button>
      </div>
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? tenants.error} />
      <RecordTable
        label={t("operator.tableLabel")}
        columns={[
          t("common.tenantName"),
          t("common.tenantId"),
          t("common.status"),
          t("common.createdAt"),
          t("operator.actions"),
        ]}
        loading={tenants.loading && !tenants.data}
        emptyText={tenants.data?.tenants.length === 0 ? t("operator.empty") : null}
      >
        {(tenants.data?.tenants ?? []).map((tenant) => (
          <TableRow key={tenant.id}>
            <TableCell>{tenant.name}</TableCell>
            <TableCell className={list.nowrap}>{tenant.slug}</TableCell>
            <TableCell>
              <span className={styles.badges}>
                <Badge
                  appearance="tint"
                  color={tenant.status === "active" ? "success" : "informative"}
                >
                  {statusText(tenant.status)}
                </Badge>
                {tenant.ownerPending && (
                  <Badge appearance="tint" color="warning">
                    {t("operator.ownerPending")}
                  </Badge>
                )}
              </span>
            </TableCell>
            <TableCell className={list.nowrap}>
              <DateTime value={tenant.createdAt} />
            </TableCell>
            <TableCell>
              <span className={styles.rowActions}>
                {tenant.ownerPending && (
                  <Button
                    size="small"
                    icon={<LinkRegular />}
                    aria-label={`${t("operator.newOwnerLink")} (${tenant.name})`}
                    onClick={() => void renewOwnerLink(tenant)}
                  >
                    {t("operator.newOwnerLink")}
                  </Button>
                )}
                <Button
                  size="small"
                  icon={<KeyResetRegular />}
                  aria-label={`${t("operator.rotate")} (${tenant.name})`}
                  onClick={() => setPending({ kind: "rotate", tenant })}
                >
                  {t("operator.rotate")}
                </Button>
              </span>
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {creating && (
        <CreateTenantDialog onClose={() => setCreating(false)} onCreated={tenants.reload} />
      )}
      {pending?.kind === "rotate" && (
        <ConfirmDialog
          title={t("operator.rotateTitle", { name: pending.tenant.name })}
          confirmLabel={t("operator.rotateSubmit")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const result = await request<KeyRotationResponse>(
              `/api/operator/tenants/${pending.tenant.id}/keys/rotate`,
              { method: "POST" },
            );
            succeeded(
              t("operator.rotated", {
                name: pending.tenant.name,
                version: result.keyVersion,
                keys: result.rewrappedDataKeys,
              }),
            );
          }}
        >
          <p>{t("operator.rotateBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "link" && (
        <LinkDialog
          title={t("operator.newOwnerLinkTitle", { name: pending.tenant.name })}
          message={t("operator.newOwnerLinkBody")}
          linkLabel={t("createTenant.ownerLink")}
          url={pending.url}
          expiresAt={pending.expiresAt}
          onClose={() => {
            setPending(null);
            tenants.reload();
          }}
        />
      )}
    </>
  );
}
