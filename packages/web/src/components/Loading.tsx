import { Spinner } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";

/** A labelled spinner; the label is what a screen reader announces while data loads. */
export function Loading() {
  const { t } = useTranslation();
  return <Spinner label={t("app.loading")} labelPosition="below" />;
}
