import { useEffect, useState } from "react";
import { Button, Field, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  WORK_CONTEXT_IDLE_MINUTES,
  type MeResponse,
  type WorkContext,
  type WorkContextResponse,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { formatDateTime } from "../../components/DateTime.tsx";
import type { Restriction } from "../../chat/useChannelMessages.ts";
import { useChatConnection } from "../../chat/ChatConnectionContext.tsx";
import { WorkContextSelect } from "../../components/WorkContextSelect.tsx";

/** The picker's id, so "Change where you are working" can bring the person to it. */
export const WORK_CONTEXT_FIELD_ID = "work-context";

const useStyles = makeStyles({
  picker: { maxWidth: "420px" },
  notice: {
    margin: tokens.spacingHorizontalL,
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteYellowBorder2}`,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400 },
  text: { margin: 0 },
  watermark: {
    position: "absolute",
    inset: 0,
    pointerEvents: "none",
    zIndex: 1,
    backgroundRepeat: "repeat",
  },
});

/**
 * "Where you are working" (zero-trust-anchors.md §8.7): private room, shared space or public
 * place. Only the chosen value goes to the server; what opens then follows each team's label.
 */
export function WorkContextPicker({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { request, reload } = useUserSession();
  const connection = useChatConnection();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const current = me.session.workContext?.context ?? "";

  async function declare(context: WorkContext): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      await request<WorkContextResponse>("/api/me/work-context", {
        method: "PUT",
        body: { context },
      });
      // The session (and with it every page's idea of the place) is read again.
      await reload();
      connection.retryRefused();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.picker}>
      <Field
        label={t("workContext.label")}
        hint={`${t("workContext.help")} ${t("workContext.until", { minutes: WORK_CONTEXT_IDLE_MINUTES })}`}
      >
        <WorkContextSelect
          id={WORK_CONTEXT_FIELD_ID}
          value={current}
          disabled={busy}
          onPick={(context) => context && void declare(context)}
        />
      </Field>
      <ErrorMessage error={failure} />
    </div>
  );
}

/** A labelled channel the matrix keeps closed where the person is: why, and what to do. */
export function RestrictedNotice({
  restriction,
  label,
  place,
  onChange,
}: {
  restriction: Restriction;
  label: string;
  place: string;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.notice} role="status">
      <h3 className={styles.heading}>{t("workContext.restrictedHeading", { label })}</h3>
      <p className={styles.text}>{t(`workContext.${restriction}`, { label, place })}</p>
      <Button appearance="primary" onClick={onChange}>
        {t("workContext.change")}
      </Button>
    </div>
  );
}

/**
 * The viewer's name and the time laid over a labelled channel's messages (the matrix's
 * "watermark" in a shared space): a deterrent to photographing the screen, not a control. Drawn as
 * a repeated background image, so it is decoration for assistive technology, not text.
 */
export function Watermark({ name }: { name: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date().toISOString()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  const text = t("workContext.watermark", { name, time: formatDateTime(now) });
  return (
    <div
      className={styles.watermark}
      aria-hidden="true"
      data-testid="watermark"
      data-text={text}
      style={{ backgroundImage: `url("${watermarkImage(text)}")` }}
    />
  );
}

/** One tile of the watermark: the text, turned, faint, as an SVG data URL. */
function watermarkImage(text: string): string {
  const escaped = text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="200">` +
    `<text x="10" y="120" transform="rotate(-20 180 100)" font-family="sans-serif" font-size="16" ` +
    `fill="rgba(0,0,0,0.14)">${escaped}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
