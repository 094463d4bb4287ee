import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OperatorMeResponse, OperatorSignInRequest } from "@engawa/shared";
import { apiRequest } from "../../api/client.ts";
import { useOperatorSession } from "../../api/session.tsx";
import { SignInForm } from "../../components/SignInForm.tsx";
import { checkEmail, checkRequired, compact } from "../../forms.ts";
import { navigate, useLocation } from "../../router.ts";
import { useSubmission } from "../../useSubmission.ts";

const FIELDS = ["email", "password"] as const;
type OperatorField = (typeof FIELDS)[number];

/** Operator sign-in: a different kind of account from tenant users, with its own cookie. */
export function OperatorSignInPage() {
  const { t } = useTranslation();
  const submission = useSubmission(FIELDS, { markBlamedField: false });
  const { search } = useLocation();
  const { setMe } = useOperatorSession();
  const [reason] = useState(() => new URLSearchParams(search).get("reason"));
  const [form, setForm] = useState({ email: "", password: "" });
  const labels: Record<OperatorField, string> = {
    email: t("common.email"),
    password: t("common.password"),
  };

  async function submit(): Promise<void> {
    const problems = compact<OperatorField>({
      email: checkEmail(t, form.email),
      password: checkRequired(t, form.password),
    });
    if (!submission.check(problems)) return;
    const body: OperatorSignInRequest = { email: form.email.trim(), password: form.password };
    await submission.send(
      async () => {
        setMe(
          await apiRequest<OperatorMeResponse>("/api/operator/auth/sign-in", {
            method: "POST",
            body,
          }),
        );
        navigate("/operator", { replace: true });
      },
      () => setForm((previous) => ({ ...previous, password: "" })),
    );
  }

  return (
    <SignInForm
      title={t("operatorSignIn.title")}
      reason={reason}
      sessionEnded={t("operatorSignIn.sessionEnded")}
      intro={t("operatorSignIn.intro")}
      submitLabel={t("operatorSignIn.submit")}
      otherSignIn={{ href: "/sign-in", label: t("operatorSignIn.tenantLink") }}
      submission={submission}
      onSubmit={submit}
      credentials={form}
      onCredentials={(change) => setForm({ ...form, ...change })}
      blamedLabel={submission.blamed ? labels[submission.blamed] : null}
      overrides={{ invalid_credentials: t("operatorSignIn.invalidCredentials") }}
    />
  );
}
