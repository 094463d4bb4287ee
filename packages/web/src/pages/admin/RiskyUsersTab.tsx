import { useState } from "react";
import { Button, TableCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { MeResponse, RiskyUser, RiskyUserResponse, RiskyUsersResponse } from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { RiskBadge } from "../../components/RiskBadge.tsx";
import { useListStyles } from "../../components/layout.ts";
import { detectionName } from "../../riskWords.ts";

type Action = "confirm" | "dismiss" | "reportLeaked";

const PATHS: Record<Action, string> = {
  confirm: "confirm-compromised",
  dismiss: "dismiss",
  reportLeaked: "report-leaked",
};

const useStyles = makeStyles({
  sub: { display: "block", color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * Users with open detections, highest risk first. An admin confirms one compromised (every session
 * ends at once, risk high), dismisses the detections, or reports leaked credentials; each asks first.
 */
export function RiskyUsersTab({ slug, me }: { slug: string; me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useListStyles();
  const { request } = useUserSession();
  const users = useLoader((signal) =>
    request<RiskyUsersResponse>(`/api/t/${slug}/risk/users`, { signal }),
  );
  const [pending, setPending] = useState<{ user: RiskyUser; action: Action } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const rows = users.data?.users ?? [];

  async function act(user: RiskyUser, action: Action): Promise<void> {
    await request<RiskyUserResponse>(`/api/t/${slug}/risk/users/${user.userId}/${PATHS[action]}`, {
      method: "POST",
    });
    setDone(t("risk.done", { name: user.displayName, what: t(`risk.${action}`) }));
    users.reload();
  }

  return (
    <>
      {done && <StatusMessage intent="success" message={done} />}
      <ErrorMessage error={users.error} />
      <RecordTable
        label={t("risk.usersTable")}
        columns={[
          t("risk.columns.user"),
          t("risk.columns.risk"),
          t("risk.columns.detections"),
          t("risk.columns.lastDetected"),
          t("risk.columns.actions"),
        ]}
        loading={users.loading && !users.data}
        emptyText={rows.length === 0 ? t("risk.noUsers") : null}
      >
        {rows.map((user) => (
          <TableRow key={user.userId}>
            <TableCell>
              {user.displayName}
              <span className={styles.sub}>{user.email}</span>
            </TableCell>
            <TableCell>
              <RiskBadge level={user.risk} />
            </TableCell>
            <TableCell>
              {user.detections.map((d) => (
                <span key={d.id} className={styles.sub}>
                  {detectionName(t, d.kind)} ({t(`risk.levels.${d.level}`)})
                </span>
              ))}
            </TableCell>
            <TableCell className={list.nowrap}>
              {user.lastDetectedAt ? <DateTime value={user.lastDetectedAt} /> : t("common.none")}
            </TableCell>
            <TableCell>
              <div className={styles.actions}>
                {(["confirm", "dismiss"] as const).map((action) =>
                  action === "dismiss" && user.userId === me.user.id ? null : (
                    <Button
                      key={action}
                      size="small"
                      appearance={action === "confirm" ? "primary" : "secondary"}
                      aria-label={`${t(`risk.${action}`)}: ${user.displayName}`}
                      onClick={() => {
                        setDone(null);
                        setPending({ user, action });
                      }}
                    >
                      {t(`risk.${action}`)}
                    </Button>
                  ),
                )}
              </div>
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {pending && (
        <ConfirmDialog
          title={t(`risk.${pending.action}Title`, { name: pending.user.displayName })}
          confirmLabel={t(`risk.${pending.action}`)}
          onConfirm={() => act(pending.user, pending.action)}
          onClose={() => setPending(null)}
        >
          <p>{t(`risk.${pending.action}Body`)}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
