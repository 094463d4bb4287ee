import { useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { DesktopRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { AgentEnrolmentResponse } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { useActionMessages } from "../useActionMessages.ts";
import { formatDateTime } from "./DateTime.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";

const useStyles = makeStyles({
  command: {
    display: "block",
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    overflowWrap: "anywhere",
  },
});

/**
 * "Register a computer": a one-time code (ten minutes) and the `engawa-agent register` command to
 * run with it on the computer, which then makes its own key there and reports its posture.
 */
export function AgentEnrolment({ onIssued }: { onIssued?: () => void }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { request } = useUserSession();
  const { failure, attempt } = useActionMessages();
  const [issued, setIssued] = useState<AgentEnrolmentResponse | null>(null);

  const issue = () =>
    attempt(async () => {
      setIssued(
        await request<AgentEnrolmentResponse>("/api/me/devices/enrolments", { method: "POST" }),
      );
      onIssued?.();
    });

  return (
    <div className={form.form}>
      <h3 className={form.legend}>{t("compliance.agentHeading")}</h3>
      <p className={form.help}>{t("compliance.agentHelp")}</p>
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button icon={<DesktopRegular />} onClick={() => void issue()}>
          {t("compliance.getCode")}
        </Button>
      </div>
      {issued && (
        <div role="status">
          <p>
            {t("compliance.codeLabel")} <strong data-testid="agent-code">{issued.code}</strong>{" "}
            {t("compliance.codeValid", { time: formatDateTime(issued.expiresAt) })}
          </p>
          <p>{t("compliance.commandLabel")}</p>
          <code className={styles.command}>
            engawa-agent register --server {window.location.origin} --code {issued.code}
          </code>
        </div>
      )}
    </div>
  );
}
