import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { PageHeading } from "../../components/PageHeading.tsx";
import { PageTabs } from "../../components/PageTabs.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { RiskSettingsTab } from "./RiskSettingsTab.tsx";
import { RiskySignInsTab } from "./RiskySignInsTab.tsx";
import { RiskyUsersTab } from "./RiskyUsersTab.tsx";

const TABS = ["signIns", "users", "settings"] as const;
type RiskTab = (typeof TABS)[number];

/**
 * `/admin/risk`, for owners and admins: the sign-ins the risk detections flagged (with the
 * evidence of each), the users at risk (confirm compromised, dismiss, report leaked credentials),
 * and the detections' levels, the built-in risk policies and the organisation's address lists.
 */
export function RiskPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const [tab, setTab] = useState<RiskTab>("signIns");
  const slug = encodeURIComponent(me.tenant.slug);
  return (
    <>
      <PageHeading>{t("risk.title")}</PageHeading>
      <p className={form.intro}>{t("risk.intro")}</p>
      <PageTabs
        id="risk"
        label={t("risk.tabsLabel")}
        tabs={TABS}
        selected={tab}
        onSelect={setTab}
        labelOf={(value) => t(`risk.${value}Tab`)}
      >
        {tab === "signIns" && <RiskySignInsTab slug={slug} />}
        {tab === "users" && <RiskyUsersTab slug={slug} me={me} />}
        {tab === "settings" && <RiskSettingsTab slug={slug} />}
      </PageTabs>
    </>
  );
}
