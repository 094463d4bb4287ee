import { useState, type FormEvent } from "react";
import { Button, Field, Input, makeStyles } from "@fluentui/react-components";
import { KeyRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { EnrolledResponse, PasskeyOptionsResponse } from "@engawa/shared";
import { passkeyRegistration } from "../api/mfa.ts";
import { useUserSession } from "../api/session.tsx";
import { compact, validation } from "../forms.ts";
import { useSubmission } from "../useSubmission.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";

const FIELDS = ["name"] as const;

const useStyles = makeStyles({ name: { maxWidth: "28em" } });
const NAME_MAX = 60;

/**
 * Adding a passkey: a name the person will recognise in the list, then the browser's own prompt
 * (fingerprint, face, PIN) creates the key; the server checks the answer and keeps the public key.
 */
export function PasskeyAdd({
  onAdded,
}: {
  onAdded: (result: EnrolledResponse, name: string) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { request } = useUserSession();
  const [name, setName] = useState("");
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);

  async function add(event: FormEvent): Promise<void> {
    event.preventDefault();
    const trimmed = name.trim();
    if (!check(compact({ name: trimmed ? undefined : t("common.required") }))) return;
    await send(async () => {
      const challenge = await request<PasskeyOptionsResponse>("/api/me/mfa/passkeys/options", {
        method: "POST",
      });
      const credential = await passkeyRegistration(challenge);
      const result = await request<EnrolledResponse>("/api/me/mfa/passkeys", {
        method: "POST",
        body: { challengeId: challenge.challengeId, name: trimmed, credential },
      });
      setName("");
      onAdded(result, trimmed);
    });
  }

  return (
    <form ref={formRef} className={form.form} noValidate onSubmit={(event) => void add(event)}>
      <Field
        className={styles.name}
        label={t("mfa.passkeyName")}
        hint={t("mfa.passkeyNameHint")}
        {...validation(errors.name)}
      >
        <Input
          required
          maxLength={NAME_MAX}
          value={name}
          onChange={(_e, data) => setName(data.value)}
        />
      </Field>
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button type="submit" icon={<KeyRegular />} disabled={busy}>
          {t("mfa.passkeyAdd")}
        </Button>
      </div>
    </form>
  );
}
