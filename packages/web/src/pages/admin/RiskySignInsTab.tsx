import { useState } from "react";
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  TableCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  DETECTION_KINDS,
  type DetectionKind,
  type RiskySignIn,
  type RiskySignInsResponse,
  type UserListResponse,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { DateTime, localInputToIso } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { PlaceCredit } from "../../components/PlaceCredit.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { RiskBadge } from "../../components/RiskBadge.tsx";
import { useFormStyles, useListStyles } from "../../components/layout.ts";
import { withQuery } from "../../router.ts";
import { detectionName, evidenceLines } from "../../riskWords.ts";
import { deviceText, placeText } from "../../signInWords.ts";

type LevelFilter = "" | "low" | "medium" | "high";

const useStyles = makeStyles({
  filters: {
    display: "flex",
    flexWrap: "wrap",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    alignItems: "end",
    margin: `${tokens.spacingVerticalL} 0`,
  },
  sub: { display: "block", color: tokens.colorNeutralForeground2 },
  detection: { margin: `0 0 ${tokens.spacingVerticalM}` },
  evidence: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    paddingInlineStart: tokens.spacingHorizontalL,
  },
});

/** The risky sign-ins (or every recorded sign-in), newest first, each with its detections. */
export function RiskySignInsTab({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useListStyles();
  const form = useFormStyles();
  const { request } = useUserSession();
  const [level, setLevel] = useState<LevelFilter>("");
  const [detection, setDetection] = useState<"" | DetectionKind>("");
  const [all, setAll] = useState(false);
  const [userId, setUserId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const users = useLoader((signal) =>
    request<UserListResponse>(`/api/t/${slug}/users`, { signal }),
  );
  const [open, setOpen] = useState<RiskySignIn | null>(null);
  const url = withQuery(`/api/t/${slug}/risk/sign-ins`, {
    level: level || undefined,
    detection: detection || undefined,
    all: all ? "true" : undefined,
    userId: userId || undefined,
    from: localInputToIso(from),
    to: localInputToIso(to),
    limit: "100",
  });
  const signIns = useLoader((signal) => request<RiskySignInsResponse>(url, { signal }));
  const [shown, setShown] = useState(url);
  if (shown !== url) {
    setShown(url);
    signIns.reload();
  }
  const rows = signIns.data?.signIns ?? [];

  return (
    <>
      <div className={styles.filters}>
        <Field label={t("risk.filterLevel")}>
          <Select value={level} onChange={(_e, data) => setLevel(data.value as LevelFilter)}>
            <option value="">{t("audit.any")}</option>
            {(["low", "medium", "high"] as const).map((l) => (
              <option key={l} value={l}>
                {t("risk.atLeast", { level: t(`risk.levels.${l}`) })}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("risk.filterDetection")}>
          <Select
            value={detection}
            onChange={(_e, data) => setDetection(data.value as "" | DetectionKind)}
          >
            <option value="">{t("audit.any")}</option>
            {DETECTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {detectionName(t, kind)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("signInLog.user")}>
          <Select value={userId} onChange={(_e, data) => setUserId(data.value)}>
            <option value="">{t("audit.any")}</option>
            {(users.data?.users ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {`${user.displayName} (${user.email})`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("audit.from")}>
          <Input type="datetime-local" value={from} onChange={(_e, data) => setFrom(data.value)} />
        </Field>
        <Field label={t("audit.to")}>
          <Input type="datetime-local" value={to} onChange={(_e, data) => setTo(data.value)} />
        </Field>
        <Checkbox
          checked={all}
          onChange={(_e, data) => setAll(data.checked === true)}
          label={t("risk.showAll")}
        />
      </div>
      <ErrorMessage error={signIns.error} />
      <RecordTable
        label={t("risk.signInsTable")}
        columns={[
          t("risk.columns.time"),
          t("risk.columns.user"),
          t("risk.columns.risk"),
          t("risk.columns.detections"),
          t("risk.columns.outcome"),
          t("risk.columns.place"),
          t("risk.columns.device"),
          t("risk.columns.actions"),
        ]}
        loading={signIns.loading && !signIns.data}
        emptyText={rows.length === 0 ? t("risk.noSignIns") : null}
      >
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell className={list.nowrap}>
              <DateTime value={row.at} withSeconds />
            </TableCell>
            <TableCell>
              {row.displayName}
              <span className={styles.sub}>{row.email}</span>
            </TableCell>
            <TableCell>
              <RiskBadge level={row.risk} />
            </TableCell>
            <TableCell>
              {row.detections.length === 0
                ? t("common.none")
                : row.detections.map((d) => (
                    <span key={d.id} className={styles.sub}>
                      {detectionName(t, d.kind)}
                    </span>
                  ))}
            </TableCell>
            <TableCell>{t(`risk.outcomes.${row.outcome}`)}</TableCell>
            <TableCell>
              {placeText(t, row.country ? { country: row.country, region: row.region } : null)}
              <span className={styles.sub}>
                {row.ip ?? t("signInWords.unknown")}
                {row.asnName ? ` · ${row.asnName}` : ""}
              </span>
            </TableCell>
            <TableCell>{deviceText(t, row.browser ?? "", row.os ?? "")}</TableCell>
            <TableCell>
              <Button
                size="small"
                onClick={() => setOpen(row)}
                aria-label={`${t("risk.details")}: ${row.displayName}`}
              >
                {t("risk.details")}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {rows.length > 0 && <PlaceCredit />}
      {open && (
        <Dialog open onOpenChange={(_e, data) => !data.open && setOpen(null)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t("risk.detailsOf", { name: open.displayName })}</DialogTitle>
              <DialogContent>
                <p className={form.help}>
                  <DateTime value={open.at} withSeconds /> · {t(`risk.outcomes.${open.outcome}`)} ·{" "}
                  {t("risk.levelLabel", { level: t(`risk.levels.${open.risk}`) })}
                </p>
                {open.detections.length === 0 && <p>{t("risk.noSignIns")}</p>}
                {open.detections.map((d) => (
                  <section key={d.id} className={styles.detection}>
                    <h3>
                      {detectionName(t, d.kind)} <RiskBadge level={d.level} />
                    </h3>
                    <p className={form.help}>{t(`risk.explain.${d.kind}`)}</p>
                    <ul className={styles.evidence}>
                      {evidenceLines(t, d.evidence).map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  </section>
                ))}
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={() => setOpen(null)}>
                  {t("common.close")}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </>
  );
}
