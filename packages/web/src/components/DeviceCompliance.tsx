import { Badge, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { ComplianceFailure, Device } from "@engawa/shared";

const useStyles = makeStyles({
  reasons: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    paddingInlineStart: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
});

/** What a device reported for a failed rule, in words ("could not be told" for "unknown"). */
function useActual() {
  const { t } = useTranslation();
  return (failure: ComplianceFailure) =>
    failure.actual === "true" || failure.actual === "false" || failure.actual === "unknown"
      ? t(`compliance.values.${failure.actual}`)
      : failure.actual;
}

/**
 * A device's compliance under the organisation's rules: a badge, and for a computer that fails,
 * every rule it fails with what it reported. A browser reports no posture of its own.
 */
export function DeviceComplianceCell({ device }: { device: Device }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const actual = useActual();
  if (device.kind === "browser" && !device.linkedTo) return <>{t("compliance.noPosture")}</>;
  const { compliant, failures } = device.compliance;
  return (
    <>
      {device.linkedTo && <div>{t("compliance.via", { name: device.linkedTo.name })}</div>}
      <Badge appearance="tint" color={compliant ? "success" : "danger"}>
        {compliant ? t("compliance.compliant") : t("compliance.notCompliant")}
      </Badge>
      {!compliant && (
        <ul
          className={styles.reasons}
          aria-label={t("compliance.reasonsLabel", { name: device.name })}
        >
          {failures.map((failure) => (
            <li key={failure.rule}>
              {t(`compliance.rules.${failure.rule}`, { actual: actual(failure) })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "Browser" or "Computer (engawa-agent)". */
export function DeviceKind({ device }: { device: Device }) {
  const { t } = useTranslation();
  return <>{t(`compliance.kinds.${device.kind}`)}</>;
}
