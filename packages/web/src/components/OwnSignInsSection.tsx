import { TableCell, TableRow } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { OwnSignInsResponse } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { useLoader } from "../api/useLoader.ts";
import { methodsText, deviceText, placeText } from "../signInWords.ts";
import { DateTime } from "./DateTime.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { PlaceCredit } from "./PlaceCredit.tsx";
import { RecordTable } from "./RecordTable.tsx";
import { useFormStyles, useListStyles } from "./layout.ts";

/**
 * "Your recent sign-ins": the person's own sign-ins of the last 30 days with the coarse place,
 * network and browser recorded for each (ARCHITECTURE.md: location is shown to the person it
 * concerns, and kept 30 days). Risk levels are not shown here: they are for admins to judge.
 */
export function OwnSignInsSection({ headingClassName }: { headingClassName: string }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const list = useListStyles();
  const { request } = useUserSession();
  const signIns = useLoader((signal) =>
    request<OwnSignInsResponse>("/api/me/sign-ins", { signal }),
  );
  const rows = signIns.data?.signIns ?? [];
  return (
    <section aria-labelledby="own-sign-ins" className={form.section}>
      <h2 id="own-sign-ins" className={headingClassName}>
        {t("ownSignIns.heading")}
      </h2>
      <p className={form.help}>{t("ownSignIns.help")}</p>
      <ErrorMessage error={signIns.error} />
      <RecordTable
        label={t("ownSignIns.heading")}
        columns={[
          t("ownSignIns.when"),
          t("ownSignIns.place"),
          t("ownSignIns.network"),
          t("sessions.device"),
          t("sessions.methods"),
          t("ownSignIns.outcome"),
        ]}
        loading={signIns.loading && !signIns.data}
        emptyText={rows.length === 0 ? t("ownSignIns.empty") : null}
      >
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell className={list.nowrap}>
              <DateTime value={row.at} />
            </TableCell>
            <TableCell>
              {placeText(t, row.country ? { country: row.country, region: row.region } : null)}
              {row.ip && <span className={form.help}> · {row.ip}</span>}
            </TableCell>
            <TableCell>{row.asnName ?? t("signInWords.unknown")}</TableCell>
            <TableCell>{deviceText(t, row.browser ?? "", row.os ?? "")}</TableCell>
            <TableCell>{methodsText(t, row.method)}</TableCell>
            <TableCell>{t(`risk.outcomes.${row.outcome}`)}</TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {rows.length > 0 && <PlaceCredit />}
    </section>
  );
}
