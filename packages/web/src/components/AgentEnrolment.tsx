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
 * A one-time code (ten minutes) and the engawa-agent command to run with it on the computer:
 * "Register a computer" (`register`: the agent makes its own key there and reports its posture),
 * or, for this registered browser, "Link this browser to its computer" (`link`: the browser is
 * then judged by the computer's report).
 */
export function AgentEnrolment({ linkBrowser }: { linkBrowser?: string }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { request } = useUserSession();
  const { failure, attempt } = useActionMessages();
  const [issued, setIssued] = useState<AgentEnrolmentResponse | null>(null);

  const issue = () =>
    attempt(async () => {
      const url = linkBrowser
        ? `/api/me/devices/${encodeURIComponent(linkBrowser)}/link-codes`
        : "/api/me/devices/enrolments";
      setIssued(await request<AgentEnrolmentResponse>(url, { method: "POST" }));
    });

  return (
    <div className={form.form}>
      <h3 className={form.legend}>
        {t(linkBrowser ? "compliance.linkHeading" : "compliance.agentHeading")}
      </h3>
      <p className={form.help}>{t(linkBrowser ? "compliance.linkHelp" : "compliance.agentHelp")}</p>
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button icon={<DesktopRegular />} onClick={() => void issue()}>
          {t(linkBrowser ? "compliance.getLinkCode" : "compliance.getCode")}
        </Button>
      </div>
      {issued && (
        <div role="status">
          <p>
            {t("compliance.codeLabel")}{" "}
            <strong data-testid={linkBrowser ? "link-code" : "agent-code"}>{issued.code}</strong>{" "}
            {t("compliance.codeValid", { time: formatDateTime(issued.expiresAt) })}
          </p>
          <p>{t("compliance.commandLabel")}</p>
          <code className={styles.command}>
            {linkBrowser
              ? `engawa-agent link --code ${issued.code}`
              : `engawa-agent register --server ${window.location.origin} --code ${issued.code}`}
          </code>
        </div>
      )}
    </div>
  );
}
