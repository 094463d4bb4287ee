import { useState } from "react";
import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
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
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { LinkDialog } from "../admin/InviteDialog.tsx";
import { CreateTenantDialog } from "./CreateTenantDialog.tsx";

const useStyles = makeStyles({
  table: { tableLayout: "auto" },
  nowrap: { whiteSpace: "nowrap" },
  toolbar: { display: "flex", justifyContent: "flex-end", marginBottom: tokens.spacingVerticalM },
  tableWrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
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
  const styles = useStyles();
  const form = useFormStyles();
  const { request } = useOperatorSession();
  const tenants = useLoader((signal) =>
    request<TenantListResponse>("/api/operator/tenants", { signal }),
  );
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function renewOwnerLink(tenant: TenantSummary): Promise<void> {
    setFailure(null);
    setNotice(null);
    try {
      const result = await request<OwnerInviteResponse>(
        `/api/operator/tenants/${tenant.id}/owner-invitation`,
        { method: "POST" },
      );
      setPending({ kind: "link", tenant, url: result.ownerInviteUrl, expiresAt: result.expiresAt });
    } catch (error) {
      setFailure(error);
    }
  }

  const statusText = (status: string) =>
    status === "active" ? t("operator.tenantStatuses.active") : status;

  return (
    <>
      <PageHeading>{t("operator.title")}</PageHeading>
      <p className={form.intro}>{t("operator.intro")}</p>
      <div className={styles.toolbar}>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
          {t("operator.create")}
        </Button>
      </div>
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? tenants.error} />
      {tenants.loading && !tenants.data ? (
        <Loading />
      ) : (
        <div className={styles.tableWrap}>
          <Table aria-label={t("operator.tableLabel")} className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t("common.tenantName")}</TableHeaderCell>
                <TableHeaderCell>{t("common.tenantId")}</TableHeaderCell>
                <TableHeaderCell>{t("common.status")}</TableHeaderCell>
                <TableHeaderCell>{t("common.createdAt")}</TableHeaderCell>
                <TableHeaderCell>{t("operator.actions")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {(tenants.data?.tenants ?? []).map((tenant) => (
                <TableRow key={tenant.id}>
                  <TableCell>{tenant.name}</TableCell>
                  <TableCell className={styles.nowrap}>{tenant.slug}</TableCell>
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
                  <TableCell className={styles.nowrap}>
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
            </TableBody>
          </Table>
          {tenants.data?.tenants.length === 0 && <p className={form.help}>{t("operator.empty")}</p>}
        </div>
      )}
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
            setFailure(null);
            setNotice(
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
          body={t("operator.newOwnerLinkBody")}
          label={t("createTenant.ownerLink")}
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
