import { useEffect, useRef, useState } from "react";
import { Button, Dialog, DialogSurface, Field, Input } from "@fluentui/react-components";
import { KeyRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MeResponse, PasskeyOptionsResponse } from "@engawa/shared";
import { passkeyAssertion } from "../api/mfa.ts";
import { useUserSession, type StepUpReason } from "../api/session.tsx";
import { compact, validation } from "../forms.ts";
import { useSubmission } from "../useSubmission.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { FormDialogBody } from "./FormDialogBody.tsx";
import { TermsDialog } from "./TermsDialog.tsx";
import { normaliseTotp, TotpCodeInput } from "./TotpSetup.tsx";

const FIELDS = ["password", "code"] as const;

/**
 * Step-up re-authentication, for every page of the organisation area: when a sensitive change
 * (an admin change, one's own sign-in methods) is refused with `step_up_required` because the
 * last sign-in is older than the organisation's limit, this dialog asks the person to confirm it
 * is them — the password, plus the app code when they use one, or a passkey — and the change is
 * then sent again, so nothing typed on the page is lost. Cancel leaves the change undone. The
 * same dialog answers an access policy that asks for a second factor or a passkey here
 * (`mfa_required`, `phishing_resistant_required`): confirming with one adds it to the session.
 */
export function StepUpDialog({ me }: { me: MeResponse }) {
  const { handleStepUp } = useUserSession();
  const [reason, setReason] = useState<StepUpReason | null>(null);
  /** Every refused request waiting on the one dialog (a page sends several at once). */
  const waiting = useRef<((confirmed: boolean) => void)[]>([]);

  useEffect(
    () =>
      handleStepUp(
        (why) =>
          new Promise<boolean>((resolve) => {
            waiting.current.push(resolve);
            // One dialog for all; a passkey asked by any of them is what is asked.
            setReason((open) =>
              open === null || why === "phishing_resistant_required" ? why : open,
            );
          }),
      ),
    [handleStepUp],
  );

  const close = (confirmed: boolean) => {
    setReason(null);
    const settled = waiting.current;
    waiting.current = [];
    for (const resolve of settled) resolve(confirmed);
  };

  if (reason === null) return null;
  if (reason === "terms_required") return <TermsDialog me={me} onDone={close} />;
  return <StepUpForm me={me} reason={reason} onDone={close} />;
}

function StepUpForm({
  me,
  reason,
  onDone,
}: {
  me: MeResponse;
  reason: StepUpReason;
  onDone: (confirmed: boolean) => void;
}) {
  const { t } = useTranslation();
  const { request, signOut } = useUserSession();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);
  const factors = me.security.factors;
  const asksPassword = me.security.hasPassword;
  const asksCode = factors.includes("totp");
  const passkey = factors.includes("passkey");
  // A policy's second factor cannot be given by someone who has not set one up (a password
  // alone would be accepted as a confirmation and then refused again): they are told to set one
  // up on the Sign-in and security page instead. (The dialog does not take them there itself:
  // changing the page as it closes left the app's root aria-hidden behind Fluent's focus trap.)
  const lacksFactor =
    (reason === "mfa_required" && !asksCode && !passkey) ||
    (reason === "phishing_resistant_required" && !passkey);
  // A passkey is the only answer to a policy that asks for one: a password or a code would be
  // accepted as a confirmation and then refused again.
  const canConfirm =
    !lacksFactor && reason !== "phishing_resistant_required" && (asksPassword || asksCode);

  async function confirm(): Promise<void> {
    const digits = normaliseTotp(code);
    const problems = compact<(typeof FIELDS)[number]>({
      password: asksPassword && password === "" ? t("stepUp.passwordMissing") : undefined,
      code: asksCode && !/^\d{6}$/.test(digits) ? t("verify.codeInvalid") : undefined,
    });
    if (!check(problems)) return;
    await send(
      async () => {
        await request("/api/auth/step-up", {
          method: "POST",
          body: {
            ...(asksPassword ? { password } : {}),
            ...(asksCode ? { code: digits } : {}),
          },
        });
        onDone(true);
      },
      () => setCode(""),
    );
  }

  async function confirmWithPasskey(): Promise<void> {
    if (!check({})) return;
    await send(async () => {
      const challenge = await request<PasskeyOptionsResponse>("/api/auth/step-up/passkey/options", {
        method: "POST",
      });
      const credential = await passkeyAssertion(challenge);
      await request("/api/auth/step-up/passkey", {
        method: "POST",
        body: { challengeId: challenge.challengeId, credential },
      });
      onDone(true);
    });
  }

  if (lacksFactor)
    return (
      <Dialog open modalType="alert" onOpenChange={(_event, data) => !data.open && onDone(false)}>
        <DialogSurface aria-describedby="step-up-intro">
          <FormDialogBody
            title={t("stepUp.title")}
            submitLabel={t("common.close")}
            formRef={formRef}
            busy={false}
            onSubmit={async () => onDone(false)}
            onCancel={() => onDone(false)}
          >
            <p id="step-up-intro">
              {t(reason === "mfa_required" ? "stepUp.needsFactor" : "stepUp.needsPasskey")}
            </p>
          </FormDialogBody>
        </DialogSurface>
      </Dialog>
    );
  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => !data.open && onDone(false)}>
      <DialogSurface aria-describedby="step-up-intro">
        <FormDialogBody
          title={t("stepUp.title")}
          submitLabel={t(
            canConfirm ? "stepUp.submit" : passkey ? "stepUp.usePasskey" : "stepUp.signInAgain",
          )}
          formRef={formRef}
          busy={busy}
          onSubmit={canConfirm ? confirm : passkey ? confirmWithPasskey : signOut}
          onCancel={() => onDone(false)}
        >
          <p id="step-up-intro">
            {reason === "step_up_required"
              ? t(
                  canConfirm
                    ? "stepUp.intro"
                    : passkey
                      ? "stepUp.introPasskey"
                      : "stepUp.introSignIn",
                )
              : t(`errors.${reason}`)}
          </p>
          {asksPassword && (
            <Field label={t("common.password")} {...validation(errors.password)}>
              <Input
                type="password"
                autoComplete="current-password"
                required
                autoFocus
                value={password}
                onChange={(_e, data) => setPassword(data.value)}
              />
            </Field>
          )}
          {asksCode && (
            <Field
              label={t("verify.codeLabel")}
              hint={t("verify.codeHint")}
              {...validation(errors.code)}
            >
              <TotpCodeInput value={code} onChange={setCode} autoFocus={!asksPassword} />
            </Field>
          )}
          {canConfirm && passkey && (
            <Button icon={<KeyRegular />} disabled={busy} onClick={() => void confirmWithPasskey()}>
              {t("stepUp.usePasskey")}
            </Button>
          )}
          <ErrorMessage error={failure} />
        </FormDialogBody>
      </DialogSurface>
    </Dialog>
  );
}
