import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { CopyField } from "./CopyField.tsx";
import { DateTime } from "./DateTime.tsx";
import { StatusMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";

interface LinkCreatedProps {
  title: string;
  /** What happened and what to do with the link (it is shown only once). */
  message: string;
  /** The accessible name of the read-only link field. */
  linkLabel: string;
  url: string;
  /** When the link stops working, if the answer says. */
  expiresAt?: string;
  onClose: () => void;
}

/**
 * The body of a dialog that has just issued a one-time link (invitation, owner link): the news,
 * the link with Copy, its expiry and a Close button. Engawa sends no e-mail, so every such link is
 * handed over this way and looks the same wherever it is issued.
 */
export function LinkCreatedBody({
  title,
  message,
  linkLabel,
  url,
  expiresAt,
  onClose,
}: LinkCreatedProps) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <DialogBody>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent className={styles.form}>
        <StatusMessage message={message} />
        <CopyField label={linkLabel} value={url} />
        {expiresAt && (
          <p className={styles.help}>
            {t("common.expiresAt")}: <DateTime value={expiresAt} />
          </p>
        )}
      </DialogContent>
      <DialogActions>
        <Button appearance="primary" onClick={onClose}>
          {t("common.close")}
        </Button>
      </DialogActions>
    </DialogBody>
  );
}

/**
 * A dialog of its own for a link re-issued from a table row (new invitation link, new owner link).
 * Render it only while needed, as with ConfirmDialog.
 */
export function LinkDialog(props: LinkCreatedProps) {
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && props.onClose()}>
      <DialogSurface>
        <LinkCreatedBody {...props} />
      </DialogSurface>
    </Dialog>
  );
}
