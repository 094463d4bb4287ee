import { useState } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { PersonMailRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { renderSVG } from "uqr";
import type { InviteGuestResponse, TeamSummary } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { checkEmail, checkRequired, compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalM,
  },
  grow: { flexGrow: 1, minWidth: "12em" },
  qr: { width: "180px", height: "180px", alignSelf: "flex-start" },
});

const FIELDS = ["email", "displayName"] as const;
type GuestField = (typeof FIELDS)[number];

/**
 * Invites a guest (a parent, a visiting clinician) into the team: their address and name give a
 * one-time link, shown to copy and as a QR code to scan from a phone (e-mail delivery comes later).
 * The guest sees this team only; the account works for the organisation's guest period. A guest
 * who already has an account is added at once, with no new link.
 */
export function InviteGuestForm({
  api,
  team,
  onInvited,
}: {
  api: ChatApi;
  team: TeamSummary;
  onInvited: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [invited, setInvited] = useState<InviteGuestResponse | null>(null);
  const labels: Record<GuestField, string> = {
    email: t("guests.email"),
    displayName: t("guests.name"),
  };

  async function submit(): Promise<void> {
    const problems = compact<GuestField>({
      email: checkEmail(t, email),
      displayName: checkRequired(t, displayName),
    });
    if (!check(problems)) return;
    await send(async () => {
      setInvited(await api.inviteGuest(team.id, { email, displayName }));
      setEmail("");
      setDisplayName("");
      onInvited();
    });
  }

  return (
    <form
      ref={formRef}
      className={form.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <p className={form.help}>{t("guests.intro")}</p>
      <div className={styles.row}>
        <Field label={labels.email} className={styles.grow} {...validation(errors.email)}>
          <Input type="email" value={email} onChange={(_e, data) => setEmail(data.value)} />
        </Field>
        <Field
          label={labels.displayName}
          className={styles.grow}
          {...validation(errors.displayName)}
        >
          <Input value={displayName} onChange={(_e, data) => setDisplayName(data.value)} />
        </Field>
        <Button type="submit" appearance="primary" icon={<PersonMailRegular />} disabled={busy}>
          {t("guests.invite")}
        </Button>
      </div>
      <ErrorMessage
        error={failure}
        fieldLabel={blamed ? labels[blamed] : null}
        overrides={{ not_found: t("guests.notAllowed"), not_a_guest: t("guests.notAGuest") }}
      />
      {invited && (
        <div role="status" className={form.form}>
          <p>
            {invited.inviteUrl
              ? t("guests.linkReady", { name: invited.displayName })
              : t("guests.added", { name: invited.displayName })}
          </p>
          {invited.inviteUrl && invited.linkExpiresAt && (
            <>
              <CopyField label={t("guests.link")} value={invited.inviteUrl} />
              <img
                className={styles.qr}
                src={`data:image/svg+xml;utf8,${encodeURIComponent(renderSVG(invited.inviteUrl))}`}
                alt={t("guests.qrAlt", { name: invited.displayName })}
                width={180}
                height={180}
              />
              <p className={form.help}>
                {t("guests.linkUntil")} <DateTime value={invited.linkExpiresAt} />
              </p>
            </>
          )}
          <p className={form.help}>
            {t("guests.accessUntil")} <DateTime value={invited.accessExpiresAt} />
          </p>
        </div>
      )}
    </form>
  );
}
