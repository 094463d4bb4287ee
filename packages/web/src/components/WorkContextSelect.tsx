import { Select } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { WORK_CONTEXTS, type WorkContext } from "@engawa/shared";

/**
 * The places a person can say they work from (private room, shared space, public place), in the
 * viewer's language. "Not said" is offered while nothing is chosen — or always, where it can be
 * chosen again (What-If); a person cannot take a declaration back, only say another place. Used by
 * the chat page's picker and by What-If. Inside a Fluent `Field`, it takes the field's label.
 */
export function WorkContextSelect({
  id,
  value,
  disabled = false,
  offerNone = value === "",
  onPick,
}: {
  id?: string;
  value: WorkContext | "";
  disabled?: boolean;
  offerNone?: boolean;
  onPick: (context: WorkContext | "") => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      id={id}
      value={value}
      disabled={disabled}
      onChange={(_e, d) => onPick(d.value as WorkContext | "")}
    >
      {offerNone && <option value="">{t("workContext.none")}</option>}
      {WORK_CONTEXTS.map((context) => (
        <option key={context} value={context}>
          {t(`workContext.contexts.${context}`)}
        </option>
      ))}
    </Select>
  );
}
