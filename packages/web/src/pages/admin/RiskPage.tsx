import { useRef, useState, type KeyboardEvent } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { PageHeading } from "../../components/PageHeading.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { RiskSettingsTab } from "./RiskSettingsTab.tsx";
import { RiskySignInsTab } from "./RiskySignInsTab.tsx";
import { RiskyUsersTab } from "./RiskyUsersTab.tsx";

const TABS = ["signIns", "users", "settings"] as const;
type RiskTab = (typeof TABS)[number];

const useStyles = makeStyles({
  tabs: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalS,
  },
});

/**
 * `/admin/risk`, for owners and admins: the sign-ins the risk detections flagged (with the
 * evidence of each), the users at risk (confirm compromised, dismiss, report leaked credentials),
 * and the detections' levels, the built-in risk policies and the organisation's address lists.
 */
export function RiskPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const [tab, setTab] = useState<RiskTab>("signIns");
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const slug = encodeURIComponent(me.tenant.slug);

  /** WAI-ARIA tabs: arrow keys, Home and End move between tabs and select them. */
  function move(event: KeyboardEvent): void {
    const index = TABS.indexOf(tab);
    const next =
      event.key === "ArrowRight"
        ? (index + 1) % TABS.length
        : event.key === "ArrowLeft"
          ? (index + TABS.length - 1) % TABS.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? TABS.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    setTab(TABS[next]!);
    buttons.current[next]?.focus();
  }

  return (
    <>
      <PageHeading>{t("risk.title")}</PageHeading>
      <p className={form.intro}>{t("risk.intro")}</p>
      {/* Plain buttons: Fluent's TabList adds focusable aria-hidden focus guards axe refuses. */}
      <div role="tablist" aria-label={t("risk.tabsLabel")} className={styles.tabs} onKeyDown={move}>
        {TABS.map((value, index) => (
          <Button
            key={value}
            ref={(element: HTMLButtonElement | HTMLAnchorElement | null) => {
              buttons.current[index] = element instanceof HTMLButtonElement ? element : null;
            }}
            role="tab"
            id={`risk-tab-${value}`}
            aria-selected={tab === value}
            aria-controls="risk-panel"
            tabIndex={tab === value ? 0 : -1}
            appearance={tab === value ? "primary" : "subtle"}
            onClick={() => setTab(value)}
          >
            {t(`risk.${value}Tab`)}
          </Button>
        ))}
      </div>
      <div role="tabpanel" id="risk-panel" aria-labelledby={`risk-tab-${tab}`}>
        {tab === "signIns" && <RiskySignInsTab slug={slug} />}
        {tab === "users" && <RiskyUsersTab slug={slug} me={me} />}
        {tab === "settings" && <RiskSettingsTab slug={slug} />}
      </div>
    </>
  );
}
