import { useCallback, useEffect, useMemo, useState, type MouseEvent } from "react";
import { Button, Switch, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular, ShieldCheckmarkRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type {
  AuditCheckpointResponse,
  AuditEvent,
  AuditListResponse,
  MeResponse,
  UserListResponse,
  UserSummary,
} from "@engawa/shared";
import { asApiError, isAbort } from "../../api/client.ts";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { withQuery } from "../../router.ts";
import {
  AuditFilters,
  filterQuery,
  matchesFilters,
  NO_FILTERS,
  type AuditFilterValues,
} from "./AuditFilters.tsx";
import { AuditTable } from "./AuditTable.tsx";
import { AuditLive } from "./AuditLive.tsx";

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    alignItems: "center",
    margin: `${tokens.spacingVerticalL} 0`,
  },
  spacer: { flexGrow: 1 },
  footer: { display: "flex", justifyContent: "center", margin: `${tokens.spacingVerticalL} 0` },
});

/** Saves a JSON value as a file through a Blob URL (nothing leaves the browser). */
function saveJson(value: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The organisation's audit log (MHLW 6.0 シス17: the organisation reviews its access records):
 * filter, page back through history, export what is filtered, keep a signed checkpoint to verify
 * the chain later, and optionally watch new events live.
 */
export function AuditPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const { request, sessionEnded } = useUserSession();
  const base = `/api/t/${encodeURIComponent(me.tenant.slug)}/audit`;
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [live, setLive] = useState(false);

  const users = useLoader((signal) =>
    request<UserListResponse>(`/api/t/${encodeURIComponent(me.tenant.slug)}/users`, { signal }),
  );
  const usersById = useMemo(
    () => new Map<string, UserSummary>((users.data?.users ?? []).map((user) => [user.id, user])),
    [users.data],
  );

  const fetchPage = useCallback(
    (before: number | null, signal?: AbortSignal) =>
      request<AuditListResponse>(
        withQuery(base, {
          ...filterQuery(filters),
          before: before === null ? undefined : String(before),
          limit: String(PAGE_SIZE),
        }),
        signal ? { signal } : {},
      ),
    [base, filters, request],
  );

  useEffect(() => {
    const controller = new AbortController();
    fetchPage(null, controller.signal)
      .then((page) => {
        setEvents(page.events);
        setNextBefore(page.nextBefore);
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setFailure(error);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [fetchPage]);

  async function loadMore(): Promise<void> {
    if (nextBefore === null) return;
    setLoading(true);
    setFailure(null);
    try {
      const page = await fetchPage(nextBefore);
      setEvents((previous) => [...previous, ...page.events]);
      setNextBefore(page.nextBefore);
    } catch (error) {
      setFailure(error);
    } finally {
      setLoading(false);
    }
  }

  async function downloadCheckpoint(): Promise<void> {
    setFailure(null);
    setNotice(null);
    try {
      const { checkpoint } = await request<AuditCheckpointResponse>(`${base}/checkpoint`);
      saveJson(checkpoint, `audit-checkpoint-${me.tenant.slug}-${checkpoint.seq}.json`);
      setNotice(t("audit.checkpointSaved"));
    } catch (error) {
      if (asApiError(error).code === "not_found") setNotice(t("audit.noCheckpoint"));
      else setFailure(error);
    }
  }

  function applyFilters(values: AuditFilterValues): void {
    setLoading(true);
    setFailure(null);
    setFilters(values);
  }

  function onLiveEvent(event: AuditEvent): void {
    if (!matchesFilters(event, filters)) return;
    setEvents((previous) =>
      previous.some((known) => known.id === event.id) ? previous : [event, ...previous],
    );
  }

  const exportHref = (format: "csv" | "jsonl") =>
    withQuery(`${base}/export`, { format, ...filterQuery(filters) });

  /**
   * Checks the session first: a plain download link with an expired session would save the
   * server's 401 answer as the file. An expired session goes to sign-in instead.
   */
  async function startExport(event: MouseEvent<HTMLElement>, href: string): Promise<void> {
    event.preventDefault();
    setFailure(null);
    try {
      await request<MeResponse>("/api/me");
    } catch (error) {
      setFailure(error);
      return;
    }
    const anchor = document.createElement("a");
    anchor.href = href;
    anchor.download = "";
    anchor.click();
  }

  return (
    <>
      <PageHeading>{t("audit.title")}</PageHeading>
      <p className={form.intro}>{t("audit.intro")}</p>
      <AuditFilters users={users.data?.users ?? []} applied={filters} onApply={applyFilters} />
      <div className={styles.toolbar}>
        <Button
          as="a"
          href={exportHref("csv")}
          download
          icon={<ArrowDownloadRegular />}
          onClick={(event) => void startExport(event, exportHref("csv"))}
        >
          {t("audit.exportCsv")}
        </Button>
        <Button
          as="a"
          href={exportHref("jsonl")}
          download
          icon={<ArrowDownloadRegular />}
          onClick={(event) => void startExport(event, exportHref("jsonl"))}
        >
          {t("audit.exportJsonl")}
        </Button>
        <Button icon={<ShieldCheckmarkRegular />} onClick={() => void downloadCheckpoint()}>
          {t("audit.checkpoint")}
        </Button>
        <span className={styles.spacer} />
        <Switch
          label={t("audit.live")}
          checked={live}
          onChange={(_event, data) => setLive(data.checked)}
        />
      </div>
      {live ? (
        <AuditLive onEvent={onLiveEvent} onSessionEnded={sessionEnded} />
      ) : (
        <StatusMessage message={null} />
      )}
      <StatusMessage intent="info" message={notice} />
      <ErrorMessage error={failure} />
      {events.length > 0 && <AuditTable events={events} users={usersById} tenant={me.tenant} />}
      {!loading && !failure && events.length === 0 && (
        <p className={form.help}>{t("audit.empty")}</p>
      )}
      <div className={styles.footer}>
        {loading ? (
          <Loading />
        ) : nextBefore !== null ? (
          <Button onClick={() => void loadMore()}>{t("audit.loadMore")}</Button>
        ) : (
          events.length > 0 && <p className={form.help}>{t("audit.end")}</p>
        )}
      </div>
    </>
  );
}
