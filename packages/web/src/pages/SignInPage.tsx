import { useState } from "react";
import { Button, Field, Input } from "@fluentui/react-components";
import { KeyRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MeResponse, PasskeyOptionsResponse, SignInRequest } from "@engawa/shared";
import { rememberReturn, takeReturn } from "../api/afterSignIn.ts";
import { apiRequest } from "../api/client.ts";
import { passkeyAssertion, stepPath } from "../api/mfa.ts";
import { lastTenant, rememberTenant, useUserSession } from "../api/session.tsx";
import { SignInForm } from "../components/SignInForm.tsx";
import { SsoSignIn, ssoErrorOf } from "../components/SsoSignIn.tsx";
import { checkEmail, checkRequired, checkSlug, compact, validation } from "../forms.ts";
import { navigate, useLocation } from "../router.ts";
import { useSubmission } from "../useSubmission.ts";

const FIELDS = ["tenant", "email", "password"] as const;
type SignInField = (typeof FIELDS)[number];

/**
 * Sign-in to an organisation. The organisation ID is prefilled from `?tenant=` (links from an
 * invitation) or from the last one used on this browser; the e-mail from `?email=`. `?next=` is
 * the page of this site to come back to once signed in (afterSignIn.ts).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const submission = useSubmission(FIELDS, { markBlamedField: false });
  const { search } = useLocation();
  const { setMe } = useUserSession();
  const [initial] = useState(() => {
    const params = new URLSearchParams(search);
    // A page that needs a session (a meeting's join link) comes back after the sign-in steps.
    rememberReturn(params.get("next"));
    return params;
  });
  const [form, setForm] = useState({
    tenant: initial.get("tenant") ?? lastTenant(),
    email: initial.get("email") ?? "",
    password: "",
  });
  const reason = initial.get("reason");
  const labels: Record<SignInField, string> = {
    tenant: t("common.tenantId"),
    email: t("common.email"),
    password: t("common.password"),
  };

  /** Signed in (perhaps with a step still due): on to that step, or to the home page. */
  function signedIn(me: MeResponse): void {
    rememberTenant(me.tenant.slug);
    setMe(me);
    navigate(stepPath(me) ?? takeReturn(), { replace: true });
  }

  /** Passwordless: the organisation ID says where; the passkey says who (and proves it). */
  async function signInWithPasskey(): Promise<void> {
    const tenant = form.tenant.trim().toLowerCase();
    const problem = checkSlug(t, tenant);
    const problems = compact<SignInField>({
      tenant: problem && !tenant ? t("signIn.passkeyNeedsTenant") : problem,
    });
    if (!submission.check(problems)) return;
    await submission.send(async () => {
      const challenge = await apiRequest<PasskeyOptionsResponse>("/api/auth/passkey/options", {
        method: "POST",
        body: { tenant },
      });
      const credential = await passkeyAssertion(challenge);
      signedIn(
        await apiRequest<MeResponse>("/api/auth/passkey", {
          method: "POST",
          body: { tenant, challengeId: challenge.challengeId, credential },
        }),
      );
    });
  }

  async function submit(): Promise<void> {
    const tenant = form.tenant.trim().toLowerCase();
    const problems = compact<SignInField>({
      tenant: checkSlug(t, tenant),
      email: checkEmail(t, form.email),
      password: checkRequired(t, form.password),
    });
    if (!submission.check(problems)) return;
    const body: SignInRequest = { tenant, email: form.email.trim(), password: form.password };
    await submission.send(
      async () => {
        signedIn(await apiRequest<MeResponse>("/api/auth/sign-in", { method: "POST", body }));
      },
      () => setForm((previous) => ({ ...previous, password: "" })),
    );
  }

  return (
    <SignInForm
      title={t("signIn.title")}
      reason={reason}
      sessionEnded={t("signIn.sessionEnded")}
      intro={t("signIn.intro")}
      submitLabel={t("signIn.submit")}
      otherSignIn={{ href: "/operator/sign-in", label: t("signIn.operatorLink") }}
      submission={submission}
      onSubmit={submit}
      credentials={form}
      onCredentials={(change) => setForm({ ...form, ...change })}
      blamedLabel={submission.blamed ? labels[submission.blamed] : null}
      alternative={
        <Button
          type="button"
          icon={<KeyRegular />}
          disabled={submission.busy}
          onClick={() => void signInWithPasskey()}
        >
          {t("signIn.passkey")}
        </Button>
      }
    >
      <Field
        label={labels.tenant}
        hint={t("signIn.tenantHint")}
        {...validation(submission.errors.tenant)}
      >
        <Input
          required
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={32}
          value={form.tenant}
          onChange={(_e, data) => setForm({ ...form, tenant: data.value })}
        />
      </Field>
      <SsoSignIn tenant={form.tenant} error={ssoErrorOf(initial.get("sso_error"))} />
    </SignInForm>
  );
}
