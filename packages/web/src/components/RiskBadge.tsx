import { Badge } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { RiskLevel } from "@engawa/shared";

const COLOURS = { none: "informative", low: "warning", medium: "severe", high: "danger" } as const;

/** A risk level as a badge whose text says the level (colour is never the only sign). */
export function RiskBadge({ level }: { level: RiskLevel }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={COLOURS[level]}>
      {t(`risk.levels.${level}`)}
    </Badge>
  );
}
