import { useCallback, useEffect, useMemo, useState, type FormEvent, type MouseEvent } from "react";
import { PlaceCredit } from "../../components/PlaceCredit.tsx";
import {
  Badge,
  Button,
  Field,
  Input,
  Select,
  TableCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { ArrowDownloadRegular, FilterRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type {
  MeResponse,
  SignInLogEntry,
  SignInLogResponse,
  UserListResponse,
  UserSummary,
} from "@engawa/shared";
import { isAbort } from "../../api/client.ts";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { DateTime, localInputToIso } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles, useListStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { withQuery } from "../../router.ts";
import { ja } from "../../i18n/ja.ts";
import { deviceText, methodsText, placeText, reasonText } from "../../signInWords.ts";

const PAGE_SIZE = 50;

/** The filters as the form holds them; empty means "any". Times are datetime-local text. */
interface SignInFilters {
  result: "" | "success" | "failure";
  userId: string;
  from: string;
  to: string;
}
const NO_FILTERS: SignInFilters = { result: "", userId: "", from: "", to: "" };

type EventKey = keyof typeof ja.signInLog.events;
type StageKey = keyof typeof ja.signInLog.stages;
const isEvent = (key: string): key is EventKey => key in ja.signInLog.events;
const isStage = (key: string): key is StageKey => key in ja.signInLog.stages;

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))",
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    alignItems: "start",
  },
  control: { minWidth: 0, width: "100%" },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    alignItems: "center",
    margin: `${tokens.spacingVerticalL} 0`,
  },
  footer: { display: "flex", justifyContent: "center", margin: `${tokens.spacingVerticalL} 0` },
  sub: { display: "block", color: tokens.colorNeutralForeground2 },
});

/**
 * `/admin/sign-ins`, the organisation's sign-in log for owners and admins: every sign-in and
 * every failure with its reason, from the tamper-evident audit chain. Filter by result, user and
 * time (the viewer's time zone), page back through history, and export what is filtered.
 */
export function SignInLogPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const list = useListStyles();
  const { request } = useUserSession();
  const slug = encodeURIComponent(me.tenant.slug);
  const base = `/api/t/${slug}/sign-ins`;
  const [filters, setFilters] = useState<SignInFilters>(NO_FILTERS);
  const [draft, setDraft] = useState<SignInFilters>(NO_FILTERS);
  const [entries, setEntries] = useState<SignInLogEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<unknown>(null);

  const users = useLoader((signal) =>
    request<UserListResponse>(`/api/t/${slug}/users`, { signal }),
  );
  const usersById = useMemo(
    () => new Map<string, UserSummary>((users.data?.users ?? []).map((user) => [user.id, user])),
    [users.data],
  );

  const query = useMemo(
    () => ({
      result: filters.result || undefined,
      userId: filters.userId || undefined,
      from: localInputToIso(filters.from),
      to: localInputToIso(filters.to),
    }),
    [filters],
  );

  const fetchPage = useCallback(
    (before: number | null, signal?: AbortSignal) =>
      request<SignInLogResponse>(
        withQuery(base, {
          ...query,
          before: before === null ? undefined : String(before),
          limit: String(PAGE_SIZE),
        }),
        signal ? { signal } : {},
      ),
    [base, query, request],
  );

  useEffect(() => {
    const controller = new AbortController();
    fetchPage(null, controller.signal)
      .then((page) => {
        setEntries(page.entries);
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
      setEntries((previous) => [...previous, ...page.entries]);
      setNextBefore(page.nextBefore);
    } catch (error) {
      setFailure(error);
    } finally {
      setLoading(false);
    }
  }

  function apply(values: SignInFilters): void {
    setLoading(true);
    setFailure(null);
    setEntries([]);
    setFilters(values);
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    apply(draft);
  }

  // The export takes the result and the time range (not the user).
  const exportHref = (format: "csv" | "jsonl") =>
    withQuery(`${base}/export`, { format, result: query.result, from: query.from, to: query.to });

  /** Checks the session first, so an expired one goes to sign-in instead of saving a 401. */
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

  const who = (entry: SignInLogEntry) => {
    const user = entry.userId ? usersById.get(entry.userId) : undefined;
    if (user) return { name: user.displayName, email: user.email };
    return { name: entry.email ?? t("common.none"), email: null };
  };

  return (
    <>
      <PageHeading>{t("signInLog.title")}</PageHeading>
      <p className={form.intro}>{t("signInLog.intro")}</p>
      <form noValidate onSubmit={submit}>
        <fieldset className={form.section}>
          <legend className={form.legend}>{t("audit.filters")}</legend>
          <div className={styles.grid}>
            <Field className={styles.control} label={t("signInLog.result")}>
              <Select
                className={styles.control}
                value={draft.result}
                onChange={(_e, data) =>
                  setDraft({
                    ...draft,
                    result: data.value === "success" || data.value === "failure" ? data.value : "",
                  })
                }
              >
                <option value="">{t("audit.any")}</option>
                <option value="success">{t("signInLog.results.success")}</option>
                <option value="failure">{t("signInLog.results.failure")}</option>
              </Select>
            </Field>
            <Field className={styles.control} label={t("signInLog.user")}>
              <Select
                className={styles.control}
                value={draft.userId}
                onChange={(_e, data) => setDraft({ ...draft, userId: data.value })}
              >
                <option value="">{t("audit.any")}</option>
                {(users.data?.users ?? []).map((user) => (
                  <option key={user.id} value={user.id}>
                    {`${user.displayName} (${user.email})`}
                  </option>
                ))}
              </Select>
            </Field>
            <Field className={styles.control} label={t("audit.from")}>
              <Input
                type="datetime-local"
                value={draft.from}
                onChange={(_e, data) => setDraft({ ...draft, from: data.value })}
              />
            </Field>
            <Field className={styles.control} label={t("audit.to")}>
              <Input
                type="datetime-local"
                value={draft.to}
                onChange={(_e, data) => setDraft({ ...draft, to: data.value })}
              />
            </Field>
          </div>
          <div className={form.actions}>
            <Button type="submit" appearance="primary" icon={<FilterRegular />}>
              {t("audit.apply")}
            </Button>
            <Button
              type="button"
              onClick={() => {
                setDraft(NO_FILTERS);
                apply(NO_FILTERS);
              }}
            >
              {t("audit.clear")}
            </Button>
          </div>
        </fieldset>
      </form>
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
        {filters.userId && <span className={form.help}>{t("signInLog.exportAllUsers")}</span>}
      </div>
      <ErrorMessage error={failure} />
      {entries.length > 0 && (
        <RecordTable
          label={t("signInLog.tableLabel")}
          columns={[
            t("audit.time"),
            t("signInLog.result"),
            t("signInLog.user"),
            t("signInLog.what"),
            t("signInLog.reason"),
            t("audit.ip"),
            t("signInLog.place"),
            t("signInLog.device"),
          ]}
          loading={false}
          emptyText={null}
        >
          {entries.map((entry) => {
            const person = who(entry);
            return (
              <TableRow key={entry.id}>
                <TableCell className={list.nowrap}>
                  <DateTime value={entry.at} withSeconds />
                </TableCell>
                <TableCell>
                  <Badge
                    appearance="tint"
                    color={entry.result === "success" ? "success" : "danger"}
                  >
                    {t(`signInLog.results.${entry.result}`)}
                  </Badge>
                  {entry.count > 1 && (
                    <span className={styles.sub}>
                      {t("signInLog.times", { n: String(entry.count) })}
                    </span>
                  )}
                </TableCell>
                <TableCell>
                  {person.name}
                  {person.email && <span className={styles.sub}>{person.email}</span>}
                </TableCell>
                <TableCell>
                  {isEvent(entry.event) ? t(`signInLog.events.${entry.event}`) : entry.event}
                  {entry.method && (
                    <span className={styles.sub}>{methodsText(t, entry.method)}</span>
                  )}
                </TableCell>
                <TableCell>
                  {entry.reason
                    ? reasonText(t, entry.reason)
                    : entry.stage && isStage(entry.stage)
                      ? t(`signInLog.stages.${entry.stage}`)
                      : t("common.none")}
                </TableCell>
                <TableCell>{entry.ip ?? t("common.none")}</TableCell>
                <TableCell>{placeText(t, entry.place)}</TableCell>
                <TableCell>{deviceText(t, entry.browser, entry.os)}</TableCell>
              </TableRow>
            );
          })}
        </RecordTable>
      )}
      {entries.length > 0 && <PlaceCredit />}
      {!loading && !failure && entries.length === 0 && (
        <p className={form.help}>{t("signInLog.empty")}</p>
      )}
      <div className={styles.footer}>
        {loading ? (
          <Loading />
        ) : nextBefore !== null ? (
          <Button onClick={() => void loadMore()}>{t("signInLog.older")}</Button>
        ) : (
          entries.length > 0 && <p className={form.help}>{t("audit.end")}</p>
        )}
      </div>
    </>
  );
}
