import { useState } from "react";
import { Button, TableCell, TableRow } from "@fluentui/react-components";
import { CheckmarkRegular, ProhibitedRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { Device, DeviceListResponse, DeviceResponse, MeResponse } from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { DeviceComplianceCell, DeviceKind } from "../../components/DeviceCompliance.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles, useListStyles } from "../../components/layout.ts";
import { PageHeading } from "../../components/PageHeading.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useActionMessages } from "../../useActionMessages.ts";
import { ComplianceRulesForm } from "./ComplianceRulesForm.tsx";

/**
 * The organisation's registered devices, for its administrators: whose, when registered and last
 * used, and whether blocked. Blocking signs the device's sessions out at once and keeps it from
 * being used again until it is allowed; allowing lets its person sign in on it again.
 */
export function DevicesPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const list = useListStyles();
  const { request } = useUserSession();
  const { notice, failure, attempt } = useActionMessages();
  const [blocking, setBlocking] = useState<Device | null>(null);
  const base = `/api/t/${encodeURIComponent(me.tenant.slug)}/devices`;
  const devices = useLoader((signal) => request<DeviceListResponse>(base, { signal }));

  const setStatus = async (device: Device, status: Device["status"]) => {
    await request<DeviceResponse>(`${base}/${encodeURIComponent(device.id)}`, {
      method: "PATCH",
      body: { status },
    });
    devices.reload();
  };

  return (
    <>
      <PageHeading>{t("deviceAdmin.title")}</PageHeading>
      <p className={form.intro}>{t("deviceAdmin.intro")}</p>
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? devices.error} />
      <RecordTable
        label={t("deviceAdmin.tableLabel")}
        columns={[
          t("deviceAdmin.person"),
          t("devices.name"),
          t("compliance.kind"),
          t("compliance.column"),
          t("devices.registeredAt"),
          t("devices.lastSeen"),
          t("devices.status"),
          t("devices.actions"),
        ]}
        loading={devices.loading && !devices.data}
        emptyText={devices.data?.devices.length === 0 ? t("deviceAdmin.none") : null}
      >
        {(devices.data?.devices ?? []).map((device) => (
          <TableRow key={device.id}>
            <TableCell>{device.user.displayName}</TableCell>
            <TableCell>{device.name}</TableCell>
            <TableCell>
              <DeviceKind device={device} />
            </TableCell>
            <TableCell>
              <DeviceComplianceCell device={device} />
            </TableCell>
            <TableCell className={list.nowrap}>
              <DateTime value={device.createdAt} />
            </TableCell>
            <TableCell className={list.nowrap}>
              <DateTime value={device.lastSeenAt} />
            </TableCell>
            <TableCell>{t(`devices.statuses.${device.status}`)}</TableCell>
            <TableCell>
              {device.status === "active" ? (
                <Button
                  appearance="subtle"
                  icon={<ProhibitedRegular />}
                  aria-label={t("deviceAdmin.blockLabel", {
                    name: device.name,
                    person: device.user.displayName,
                  })}
                  onClick={() => setBlocking(device)}
                >
                  {t("deviceAdmin.block")}
                </Button>
              ) : (
                <Button
                  appearance="subtle"
                  icon={<CheckmarkRegular />}
                  aria-label={t("deviceAdmin.allowLabel", {
                    name: device.name,
                    person: device.user.displayName,
                  })}
                  onClick={() =>
                    void attempt(async () => {
                      await setStatus(device, "active");
                      return t("deviceAdmin.allowed", { name: device.name });
                    })
                  }
                >
                  {t("deviceAdmin.allow")}
                </Button>
              )}
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      <ComplianceRulesForm tenant={me.tenant.slug} onSaved={devices.reload} />
      {blocking && (
        <ConfirmDialog
          title={t("deviceAdmin.blockTitle", { name: blocking.name })}
          confirmLabel={t("deviceAdmin.block")}
          onClose={() => setBlocking(null)}
          onConfirm={async () => {
            await setStatus(blocking, "blocked");
          }}
        >
          <p>{t("deviceAdmin.blockBody", { person: blocking.user.displayName })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
