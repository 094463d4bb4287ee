import { useState } from "react";
import { Badge, Button, Field, Input, TableCell, TableRow } from "@fluentui/react-components";
import { DeleteRegular, LaptopRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { DEVICE_LIMITS, type Device, type DeviceListResponse } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import type { Loaded } from "../api/useLoader.ts";
import { forgetThisBrowser, registerThisBrowser } from "../device/registration.ts";
import { withQuery } from "../router.ts";
import { useActionMessages } from "../useActionMessages.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { AgentEnrolment } from "./AgentEnrolment.tsx";
import { DateTime } from "./DateTime.tsx";
import { DeviceComplianceCell, DeviceKind } from "./DeviceCompliance.tsx";
import { ErrorMessage, StatusMessage } from "./ErrorMessage.tsx";
import { useFormStyles, useListStyles } from "./layout.ts";
import { RecordTable } from "./RecordTable.tsx";

/**
 * "Your devices": register this browser as a device (its key stays in the browser, and from then
 * on this session works only with it — a copy of the cookie elsewhere is refused), and see and
 * remove one's devices. Removing a device signs out the sessions bound to it.
 */
export function DevicesSection({
  devices,
  headingClassName,
}: {
  devices: Loaded<DeviceListResponse>;
  headingClassName: string;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const list = useListStyles();
  const { state, request } = useUserSession();
  const { notice, failure, attempt } = useActionMessages();
  const [name, setName] = useState("");
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Device | null>(null);
  const rows = devices.data?.devices ?? [];
  const current = rows.find((device) => device.current);

  const register = () =>
    attempt(async () => {
      const trimmed = name.trim();
      if (trimmed === "") {
        setNameProblem(t("devices.nameMissing"));
        return;
      }
      setNameProblem(null);
      const csrf = state.status === "signedIn" ? state.me.session.csrfToken : "";
      const device = await registerThisBrowser(trimmed, csrf);
      setName("");
      devices.reload();
      return t("devices.registered", { name: device.name });
    });

  return (
    <section className={form.card} aria-labelledby="security-devices">
      <h2 id="security-devices" className={headingClassName}>
        {t("devices.heading")}
      </h2>
      <p className={form.help}>{t("devices.help")}</p>
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? devices.error} />
      {current ? (
        <p>{t("devices.thisBrowserIs", { name: current.name })}</p>
      ) : (
        <form
          className={form.form}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void register();
          }}
        >
          <Field
            label={t("devices.name")}
            hint={t("devices.nameHint")}
            validationMessage={nameProblem ?? undefined}
            validationState={nameProblem ? "error" : "none"}
          >
            <Input
              value={name}
              maxLength={DEVICE_LIMITS.nameMax}
              onChange={(_event, data) => setName(data.value)}
            />
          </Field>
          <div className={form.actions}>
            <Button type="submit" appearance="primary" icon={<LaptopRegular />}>
              {t("devices.register")}
            </Button>
          </div>
        </form>
      )}
      {current?.kind === "browser" && !current.linkedTo && (
        <AgentEnrolment linkBrowser={current.id} />
      )}
      <AgentEnrolment />
      <RecordTable
        label={t("devices.tableLabel")}
        columns={[
          t("devices.name"),
          t("compliance.kind"),
          t("compliance.column"),
          t("devices.registeredAt"),
          t("devices.lastSeen"),
          t("devices.status"),
          t("devices.actions"),
        ]}
        loading={devices.loading && !devices.data}
        emptyText={rows.length === 0 ? t("devices.none") : null}
      >
        {rows.map((device) => (
          <TableRow key={device.id}>
            <TableCell>
              {device.name}{" "}
              {device.current && (
                <Badge appearance="tint" color="brand">
                  {t("devices.thisBrowser")}
                </Badge>
              )}
            </TableCell>
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
              <Button
                appearance="subtle"
                icon={<DeleteRegular />}
                aria-label={t("devices.removeLabel", { name: device.name })}
                onClick={() => setRemoving(device)}
              >
                {t("devices.remove")}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {removing && (
        <ConfirmDialog
          title={t("devices.removeTitle", { name: removing.name })}
          confirmLabel={t("devices.remove")}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await request(`/api/me/devices/${encodeURIComponent(removing.id)}`, {
              method: "DELETE",
            });
            if (removing.current) {
              // This browser's own session ended with its device: it loads the sign-in page
              // afresh (a full load, so nothing of the signed-in page — nor the dialog's hold on
              // it — stays behind).
              await forgetThisBrowser();
              const tenant = state.status === "signedIn" ? state.me.tenant.slug : undefined;
              window.location.replace(withQuery("/sign-in", { tenant, reason: "session_ended" }));
              return;
            }
            devices.reload();
          }}
        >
          <p>{removing.current ? t("devices.removeCurrentBody") : t("devices.removeBody")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
