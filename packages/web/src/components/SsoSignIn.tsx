import { useEffect, useState } from "react";
import { Button } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { SSO_ERRORS, type SignInMethodsResponse, type SsoError } from "@engawa/shared";
import { apiRequest } from "../api/client.ts";
import { StatusMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";

const SLUG = /^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/;

/** Why single sign-on was refused (`?sso_error=` set by the server's callback), or null. */
export function ssoErrorOf(value: string | null): SsoError | null {
  return value && (SSO_ERRORS as readonly string[]).includes(value) ? (value as SsoError) : null;
}

/**
 * The "Sign in with …" button, shown once the organisation ID names an organisation with single
 * sign-on (asked from the public sign-in-methods route, a moment after typing stops). The button
 * is a plain link: the browser goes to the server, which sends it on to the identity provider.
 */
export function SsoSignIn({ tenant, error }: { tenant: string; error: SsoError | null }) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const [methods, setMethods] = useState<{ tenant: string; value: SignInMethodsResponse } | null>(
    null,
  );
  const slug = tenant.trim().toLowerCase();

  useEffect(() => {
    if (!SLUG.test(slug)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      apiRequest<SignInMethodsResponse>(`/api/auth/methods?tenant=${encodeURIComponent(slug)}`, {
        signal: controller.signal,
      })
        .then((value) => setMethods({ tenant: slug, value }))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug]);

  const current = methods?.tenant === slug ? methods.value : null;
  return (
    <>
      {error && <StatusMessage intent="warning" message={t(`signIn.ssoErrors.${error}`)} />}
      {current?.sso && (
        <div className={styles.form}>
          <Button
            as="a"
            appearance="primary"
            href={`/api/auth/sso/start?tenant=${encodeURIComponent(slug)}`}
          >
            {t("signIn.ssoWith", { label: current.sso.label })}
          </Button>
          <p className={styles.help}>
            {current.password ? t("signIn.ssoOr") : t("signIn.ssoOnly")}
          </p>
        </div>
      )}
    </>
  );
}
