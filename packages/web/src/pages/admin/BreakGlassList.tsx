import { useState } from "react";
import { Checkbox } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { MeResponse, UserResponse, UserSummary } from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";

/**
 * Owners and admins, each with a break-glass checkbox (password sign-in kept when single sign-on
 * is required). The server refuses what policy forbids (an admin flagging an owner, unflagging
 * the last break-glass owner) and the reason is shown.
 */
export function BreakGlassList({
  base,
  me,
  users,
}: {
  base: string;
  me: MeResponse;
  users: UserSummary[];
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const { request } = useUserSession();
  const [list, setList] = useState(users);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function toggle(user: UserSummary, breakGlass: boolean): Promise<void> {
    setBusy(user.id);
    setFailure(null);
    try {
      const result = await request<UserResponse>(`${base}/users/${user.id}/break-glass`, {
        method: "PUT",
        body: { breakGlass },
      });
      setList((previous) => previous.map((u) => (u.id === user.id ? result.user : u)));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className={styles.form} aria-labelledby="break-glass-heading">
      <fieldset className={styles.section}>
        <legend id="break-glass-heading" className={styles.legend}>
          {t("sso.breakGlassSection")}
        </legend>
        <p className={styles.help}>{t("sso.breakGlassHelp")}</p>
        {list.map((user) => (
          <Checkbox
            key={user.id}
            label={t("sso.breakGlassFor", { name: user.displayName, email: user.email })}
            checked={user.breakGlass}
            disabled={busy !== null || (user.role === "owner" && me.user.role !== "owner")}
            onChange={(_e, data) => void toggle(user, data.checked === true)}
          />
        ))}
        <ErrorMessage error={failure} />
      </fieldset>
    </section>
  );
}
