import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { PageHeading } from "../../components/PageHeading.tsx";
import { PageTabs } from "../../components/PageTabs.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { CaPoliciesTab } from "./CaPoliciesTab.tsx";
import { LabelsTab } from "./LabelsTab.tsx";
import { NamedLocationsTab } from "./NamedLocationsTab.tsx";
import { TermsTab } from "./TermsTab.tsx";
import { WhatIfTab } from "./WhatIfTab.tsx";

const TABS = ["policies", "locations", "labels", "terms", "whatIf"] as const;
type CaTab = (typeof TABS)[number];

/**
 * `/admin/conditional-access`, for owners and admins: the policies (with their report-only
 * results), the named locations they use, the sensitivity labels teams carry, the terms of use
 * policies can ask people to accept, and What-If to
 * check policies before switching them on.
 */
export function ConditionalAccessPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const [tab, setTab] = useState<CaTab>("policies");
  const base = `/api/t/${encodeURIComponent(me.tenant.slug)}`;
  return (
    <>
      <PageHeading>{t("ca.title")}</PageHeading>
      <p className={form.intro}>{t("ca.intro")}</p>
      <PageTabs
        id="ca"
        label={t("ca.tabsLabel")}
        tabs={TABS}
        selected={tab}
        onSelect={setTab}
        labelOf={(value) =>
          value === "labels"
            ? t("labels.tab")
            : value === "terms"
              ? t("terms.tab")
              : t(`ca.${value}Tab`)
        }
      >
        {tab === "policies" && <CaPoliciesTab base={base} />}
        {tab === "locations" && <NamedLocationsTab base={base} />}
        {tab === "labels" && <LabelsTab base={base} />}
        {tab === "terms" && <TermsTab base={base} />}
        {tab === "whatIf" && <WhatIfTab base={base} />}
      </PageTabs>
    </>
  );
}
