import { useEffect } from "react";
import { Dialog, DialogSurface, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { MeResponse, TermsOfUseListResponse } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { useLoader } from "../api/useLoader.ts";
import { useSubmission } from "../useSubmission.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { FormDialogBody } from "./FormDialogBody.tsx";
import { Loading } from "./Loading.tsx";

const useStyles = makeStyles({
  text: {
    whiteSpace: "pre-wrap",
    maxHeight: "40vh",
    overflowY: "auto",
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  name: { margin: 0, fontSize: tokens.fontSizeBase400 },
});

/**
 * The organisation's terms of use, when an access policy asks for them here (`terms_required`):
 * the texts asked of this person, in full, to read; Accept records the version read and the
 * refused request is sent again; Cancel leaves it undone (and the page says why).
 */
export function TermsDialog({
  me,
  onDone,
}: {
  me: MeResponse;
  onDone: (accepted: boolean) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { request } = useUserSession();
  const base = `/api/t/${me.tenant.slug}/terms`;
  const loaded = useLoader((signal) =>
    request<TermsOfUseListResponse>(`${base}/required`, { signal }),
  );
  const { formRef, failure, busy, send } = useSubmission();
  const terms = loaded.data?.terms ?? null;
  // Accepted meanwhile (another tab): nothing is left to read, the request can go again.
  useEffect(() => {
    if (terms?.length === 0) onDone(true);
  }, [terms, onDone]);

  async function accept(): Promise<void> {
    if (!terms) return;
    await send(async () => {
      for (const item of terms)
        await request(`${base}/${item.id}/accept`, {
          method: "POST",
          body: { version: item.version },
        });
      onDone(true);
    });
  }

  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => !data.open && onDone(false)}>
      <DialogSurface aria-describedby="terms-intro">
        <FormDialogBody
          title={t("terms.title")}
          submitLabel={t("terms.accept")}
          formRef={formRef}
          busy={busy || terms === null}
          onSubmit={accept}
          onCancel={() => onDone(false)}
        >
          <p id="terms-intro">{t("errors.terms_required")}</p>
          {loaded.error ? <ErrorMessage error={loaded.error} /> : null}
          {terms === null && !loaded.error ? <Loading /> : null}
          {terms?.map((item) => (
            <section key={item.id} aria-labelledby={`terms-${item.id}`}>
              <h3 id={`terms-${item.id}`} className={styles.name}>
                {item.name}
              </h3>
              <p
                className={styles.text}
                tabIndex={0}
                role="region"
                aria-label={t("terms.textOf", { name: item.name })}
              >
                {item.text}
              </p>
            </section>
          ))}
          <ErrorMessage error={failure} />
        </FormDialogBody>
      </DialogSurface>
    </Dialog>
  );
}
