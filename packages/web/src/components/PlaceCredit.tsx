import { Link } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { useFormStyles } from "./layout.ts";

/**
 * The attribution the geo-IP data's licence asks for (DB-IP City Lite, CC BY 4.0), under every
 * table that shows places worked out from addresses. The data ships with Engawa; this link is
 * only for the reader, nothing is fetched from it.
 */
export function PlaceCredit() {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <p className={styles.help}>
      {t("signInWords.placeCredit")}{" "}
      <Link href="https://db-ip.com" target="_blank" rel="noopener noreferrer">
        IP Geolocation by DB-IP
      </Link>
    </p>
  );
}
