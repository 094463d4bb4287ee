import { Fragment, useState } from "react";
import {
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
import { ChevronDownRegular, ChevronRightRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { AuditEvent, UserSummary } from "@engawa/shared";
import { OutcomeBadge } from "../../components/Badges.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { useFormStyles } from "../../components/layout.ts";

const useStyles = makeStyles({
  wrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: { tableLayout: "auto" },
  row: { cursor: "pointer" },
  nowrap: { whiteSpace: "nowrap" },
  toggleCell: { width: "44px" },
  mono: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: "nowrap",
  },
  details: {
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground3,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  meta: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    margin: 0,
  },
  metaValue: { margin: 0, wordBreak: "break-all" },
  pre: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowX: "auto",
    whiteSpace: "pre-wrap",
    wordBreak: "break-all",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
});

const COLUMNS = 8;

/**
 * Audit events, newest first. Each row expands to its details (the JSON the chain recorded,
 * request id, user agent): by clicking the row, or with the row's own toggle button for
 * keyboard and screen-reader users.
 */
export function AuditTable({
  events,
  users,
  tenant,
}: {
  events: readonly AuditEvent[];
  users: ReadonlyMap<string, UserSummary>;
  /** The organisation itself, so events targeting it show its name. */
  tenant: { id: string; name: string };
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const actorText = (event: AuditEvent) => {
    const type = t(`audit.actorTypes.${event.actor.type}`);
    const user = event.actor.id ? users.get(event.actor.id) : undefined;
    const name = user?.displayName ?? event.actor.label;
    if (!name) return type;
    return event.actor.type === "user" ? name : `${type}: ${name}`;
  };
  const targetText = (event: AuditEvent) => {
    if (!event.target) return t("common.none");
    const { type, id } = event.target;
    const known =
      type === "user"
        ? users.get(id)?.displayName
        : type === "tenant" && id === tenant.id
          ? tenant.name
          : undefined;
    // Long ids are shortened here; the details row shows them in full.
    return `${type}: ${known ?? (id.length > 12 ? `${id.slice(0, 8)}…` : id)}`;
  };

  return (
    <div className={styles.wrap}>
      <Table aria-label={t("audit.tableLabel")} size="small" className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.toggleCell}>
              <span className={form.visuallyHidden}>{t("audit.details")}</span>
            </TableHeaderCell>
            <TableHeaderCell>{t("audit.time")}</TableHeaderCell>
            <TableHeaderCell>{t("audit.actor")}</TableHeaderCell>
            <TableHeaderCell>{t("audit.action")}</TableHeaderCell>
            <TableHeaderCell>{t("audit.outcome")}</TableHeaderCell>
            <TableHeaderCell>{t("audit.target")}</TableHeaderCell>
            <TableHeaderCell>{t("audit.ip")}</TableHeaderCell>
            <TableHeaderCell>{t("audit.count")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => {
            const expanded = open.has(event.id);
            const detailsId = `audit-details-${event.id}`;
            return (
              <Fragment key={event.id}>
                <TableRow className={styles.row} onClick={() => toggle(event.id)}>
                  <TableCell className={styles.toggleCell}>
                    <Button
                      appearance="subtle"
                      size="small"
                      icon={expanded ? <ChevronDownRegular /> : <ChevronRightRegular />}
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      aria-label={expanded ? t("audit.hideDetails") : t("audit.showDetails")}
                      onClick={(clickEvent) => {
                        clickEvent.stopPropagation();
                        toggle(event.id);
                      }}
                    />
                  </TableCell>
                  <TableCell className={styles.nowrap}>
                    <DateTime value={event.occurredAt} withSeconds />
                  </TableCell>
                  <TableCell>{actorText(event)}</TableCell>
                  <TableCell className={styles.mono}>{event.action}</TableCell>
                  <TableCell className={styles.nowrap}>
                    <OutcomeBadge outcome={event.outcome} />
                  </TableCell>
                  <TableCell>{targetText(event)}</TableCell>
                  <TableCell className={styles.mono}>{event.ip ?? t("common.none")}</TableCell>
                  <TableCell>{event.count}</TableCell>
                </TableRow>
                {expanded && (
                  <TableRow>
                    <TableCell colSpan={COLUMNS}>
                      <div id={detailsId} className={styles.details}>
                        <dl className={styles.meta}>
                          <dt>{t("audit.seq")}</dt>
                          <dd className={styles.metaValue}>{event.seq}</dd>
                          <dt>{t("audit.target")}</dt>
                          <dd className={styles.metaValue}>
                            {event.target
                              ? `${event.target.type}: ${event.target.id}`
                              : t("common.none")}
                          </dd>
                          <dt>{t("audit.requestId")}</dt>
                          <dd className={styles.metaValue}>
                            {event.requestId ?? t("common.none")}
                          </dd>
                          <dt>{t("audit.userAgent")}</dt>
                          <dd className={styles.metaValue}>
                            {event.userAgent ?? t("common.none")}
                          </dd>
                        </dl>
                        <pre className={styles.pre}>{JSON.stringify(event.details, null, 2)}</pre>
                      </div>
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
