import { Badge, Select } from "@fluentui/react-components";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { strongestLabelOf, type SensitivityLabel } from "@engawa/shared";

/** A sensitivity label's name, as a tag beside what carries it (a team, a channel, a file). */
export function LabelBadge({ name }: { name: string }) {
  return (
    <Badge appearance="outline" color="danger" size="small">
      {name}
    </Badge>
  );
}

/**
 * The name of the label content is decided under: the most sensitive of those it and where it
 * lives carry (undefined when none).
 */
export function appliedLabelName(
  labels: readonly SensitivityLabel[],
  labelIds: readonly (string | null | undefined)[],
): string | undefined {
  const applied = strongestLabelOf(labels, labelIds);
  return labels.find((l) => l.id === applied)?.name;
}

/**
 * Picks one of the organisation's labels, or none. Inside a Fluent `Field` it takes the field's
 * label; on its own (a header, a row of the files list) it needs `ariaLabel`.
 */
export function LabelSelect({
  id,
  labels,
  value,
  ariaLabel,
  onPick,
}: {
  id?: string;
  labels: readonly SensitivityLabel[];
  value: string | null;
  ariaLabel?: string;
  onPick: (labelId: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      id={id}
      size="small"
      value={value ?? ""}
      aria-label={ariaLabel}
      onChange={(_event, data) => onPick(data.value || null)}
    >
      <option value="">{t("labels.none")}</option>
      {labels.map((label) => (
        <option key={label.id} value={label.id}>
          {label.name}
        </option>
      ))}
    </Select>
  );
}

/**
 * What a person is told after labelling a channel or file: the label put on it, and — when where
 * it lives carries a more sensitive one — that that one still applies.
 */
export function labelChangeMessage(
  t: TFunction,
  labels: readonly SensitivityLabel[],
  what: { kind: "channel" | "file"; name: string },
  result: { labelId: string | null; effectiveLabelId: string | null },
): string {
  const nameOf = (id: string | null) => labels.find((l) => l.id === id)?.name;
  const own = nameOf(result.labelId);
  const effective = nameOf(result.effectiveLabelId);
  const set =
    what.kind === "channel"
      ? own
        ? t("labels.channelSet", { name: what.name, label: own })
        : t("labels.channelCleared", { name: what.name })
      : own
        ? t("labels.fileSet", { name: what.name, label: own })
        : t("labels.fileCleared", { name: what.name });
  return effective && effective !== own
    ? `${set} ${t("labels.stricterApplies", { label: effective })}`
    : set;
}
