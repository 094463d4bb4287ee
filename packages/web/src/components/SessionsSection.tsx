import { useState } from "react";
import { PlaceCredit } from "./PlaceCredit.tsx";
import { Badge, Button, TableCell, TableRow } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { RevokedResponse, SessionListResponse, SessionSummary } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import type { Loaded } from "../api/useLoader.ts";
import { deviceText, methodsText, placeText } from "../signInWords.ts";
import { useActionMessages } from "../useActionMessages.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { DateTime, formatDateTime } from "./DateTime.tsx";
import { ErrorMessage, StatusMessage } from "./ErrorMessage.tsx";
import { useFormStyles, useListStyles } from "./layout.ts";
import { RecordTable } from "./RecordTable.tsx";

/**
 * "Where you're signed in": the user's open sessions (browser and system, address, place, when
 * signed in and last active, how), with Sign out on every row but this browser's, and Sign out
 * everywhere else. A browser signed out here goes to the sign-in page on its next request.
 */
export function SessionsSection({
  sessions,
  headingClassName,
}: {
  sessions: Loaded<SessionListResponse>;
  headingClassName: string;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const list = useListStyles();
  const { request } = useUserSession();
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const [confirming, setConfirming] = useState(false);
  // This browser first, then the others as the server lists them.
  const rows = [...(sessions.data?.sessions ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current),
  );
  const others = rows.filter((session) => !session.current).length;

  const signOutOne = (session: SessionSummary) =>
    attempt(async () => {
      await request<RevokedResponse>(`/api/me/sessions/${encodeURIComponent(session.id)}`, {
        method: "DELETE",
      });
      sessions.reload();
      return t("sessions.signedOutOne", { device: deviceText(t, session.browser, session.os) });
    });

  return (
    <section className={form.card} aria-labelledby="security-sessions">
      <h2 id="security-sessions" className={headingClassName}>
        {t("sessions.heading")}
      </h2>
      <p className={form.help}>{t("sessions.help")}</p>
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? sessions.error} />
      <RecordTable
        label={t("sessions.tableLabel")}
        columns={[
          t("sessions.device"),
          t("sessions.address"),
          t("sessions.place"),
          t("sessions.signedIn"),
          t("sessions.lastSeen"),
          t("sessions.methods"),
          t("sessions.actions"),
        ]}
        loading={sessions.loading && !sessions.data}
        emptyText={null}
      >
        {rows.map((session) => {
          const device = deviceText(t, session.browser, session.os);
          return (
            <TableRow key={session.id}>
              <TableCell>
                {device}{" "}
                {session.current && (
                  <Badge appearance="tint" color="brand">
                    {t("sessions.thisBrowser")}
                  </Badge>
                )}
              </TableCell>
              <TableCell className={list.nowrap}>{session.ip ?? t("common.none")}</TableCell>
              <TableCell>{placeText(t, session.place)}</TableCell>
              <TableCell className={list.nowrap}>
                <DateTime value={session.createdAt} />
              </TableCell>
              <TableCell className={list.nowrap}>
                <DateTime value={session.lastSeenAt} />
              </TableCell>
              <TableCell>{methodsText(t, session.methods)}</TableCell>
              <TableCell>
                {session.current ? (
                  t("common.none")
                ) : (
                  <Button
                    appearance="subtle"
                    icon={<SignOutRegular />}
                    aria-label={t("sessions.signOutLabel", {
                      device,
                      date: formatDateTime(session.lastSeenAt),
                    })}
                    onClick={() => void signOutOne(session)}
                  >
                    {t("sessions.signOut")}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </RecordTable>
      <PlaceCredit />
      {others > 0 && (
        <div className={form.actions}>
          <Button icon={<SignOutRegular />} onClick={() => setConfirming(true)}>
            {t("sessions.signOutOthers")}
          </Button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t("sessions.signOutOthersTitle")}
          confirmLabel={t("sessions.signOutOthers")}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const result = await request<RevokedResponse>("/api/me/sessions/revoke-others", {
              method: "POST",
            });
            succeeded(t("sessions.signedOutOthers", { n: String(result.revoked) }));
            sessions.reload();
          }}
        >
          <p>{t("sessions.signOutOthersBody")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
