import type { ReactNode, RefObject } from "react";
import {
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { useFormStyles } from "./layout.ts";

/**
 * The body of a dialog that is a form (invite a user, create an organisation, change a role):
 * title, the fields, then Cancel and the submit button, both disabled while the request runs.
 * It goes inside the page's own Dialog and DialogSurface, so a dialog can swap it for its result
 * (LinkCreatedBody) without closing. Enter submits; the form does not reload the page.
 */
export function FormDialogBody({
  title,
  submitLabel,
  formRef,
  busy,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  submitLabel: string;
  formRef: RefObject<HTMLFormElement | null>;
  busy: boolean;
  onSubmit: () => Promise<void>;
  onCancel: () => void;
  /** The fields and the form's ErrorMessage. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      <DialogBody>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent className={styles.form}>{children}</DialogContent>
        <DialogActions>
          <Button appearance="secondary" onClick={onCancel} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" appearance="primary" disabled={busy}>
            {submitLabel}
          </Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
