import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { CheckmarkRegular, DismissRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { LobbyEntry } from "@engawa/shared";
import { DateTime } from "../../components/DateTime.tsx";
import { useFormStyles } from "../../components/layout.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "grid", gap: "0.5rem" },
  entry: {
    display: "grid",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  name: { fontWeight: tokens.fontWeightSemibold },
  detail: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * Who waits in the lobby, live, for organisers and presenters: each person's name, what kind of
 * joiner they are (member, guest, …) and since when, with Admit and Deny; Admit all for a crowd.
 */
export function LobbyQueue({
  api,
  meetingId,
  waiting,
  headingId,
  attempt,
}: {
  api: MeetingApi;
  meetingId: string;
  waiting: readonly LobbyEntry[];
  headingId: string;
  attempt: (action: () => Promise<string | void>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const admit = (entry: LobbyEntry) =>
    attempt(async () => {
      await api.admit(meetingId, entry.participantId);
      return t("meetings.panel.admitted", { name: entry.displayName });
    });
  const deny = (entry: LobbyEntry) =>
    attempt(async () => {
      await api.deny(meetingId, entry.participantId);
      return t("meetings.panel.denied", { name: entry.displayName });
    });
  const admitAll = () =>
    attempt(async () => {
      for (const entry of waiting) await api.admit(meetingId, entry.participantId);
      return t("meetings.panel.admittedAll");
    });
  return (
    <section className={form.form} aria-labelledby={headingId}>
      <h2 id={headingId}>{t("meetings.panel.lobby", { count: waiting.length })}</h2>
      {waiting.length === 0 ? (
        <p className={form.help}>{t("meetings.panel.lobbyEmpty")}</p>
      ) : (
        <>
          <ul className={styles.list}>
            {waiting.map((entry) => (
              <li key={entry.participantId} className={styles.entry}>
                <span className={styles.name}>{entry.displayName}</span>
                <span className={styles.detail}>
                  {t(`meetings.kinds.${entry.kind}`)} · {t("meetings.panel.waitingSince")}{" "}
                  <DateTime value={entry.waitingSince} />
                </span>
                <span className={styles.buttons}>
                  <Button
                    size="small"
                    appearance="primary"
                    icon={<CheckmarkRegular />}
                    aria-label={t("meetings.panel.admitNamed", { name: entry.displayName })}
                    onClick={() => void admit(entry)}
                  >
                    {t("meetings.panel.admit")}
                  </Button>
                  <Button
                    size="small"
                    icon={<DismissRegular />}
                    aria-label={t("meetings.panel.denyNamed", { name: entry.displayName })}
                    onClick={() => void deny(entry)}
                  >
                    {t("meetings.panel.deny")}
                  </Button>
                </span>
              </li>
            ))}
          </ul>
          {waiting.length > 1 && (
            <div>
              <Button onClick={() => void admitAll()}>{t("meetings.panel.admitAll")}</Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
