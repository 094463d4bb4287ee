import { useState } from "react";
import { Button, Field, Input, Select, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownRegular, ArrowUpRegular, DeleteRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import {
  LABEL_LIMITS,
  LABEL_PRESET_LABELS,
  LABEL_PRESETS,
  type LabelPreset,
  type LabelsResponse,
  type PutLabelsRequest,
  type SensitivityLabel,
} from "@engawa/shared";
import { ContextMatrix } from "./ContextMatrix.tsx";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

type Row = PutLabelsRequest["labels"][number];

const useStyles = makeStyles({
  row: {
    display: "grid",
    gridTemplateColumns: "minmax(140px, 1fr) minmax(200px, 2fr) auto",
    gap: tokens.spacingHorizontalS,
    alignItems: "end",
  },
  buttons: { display: "flex", gap: tokens.spacingHorizontalXS },
});

/**
 * The organisation's sensitivity labels, least sensitive first: start from a preset (generic, the
 * MEXT importance classes, a hospital's) or write them; order, rename, add, remove, save.
 */
export function LabelsTab({ base }: { base: string }) {
  const { request } = useUserSession();
  const path = `${base}/labels`;
  const loaded = useLoader((signal) => request<LabelsResponse>(path, { signal }));
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  return (
    <LabelsForm
      path={path}
      initial={loaded.data.labels.map(rowOf)}
      initialEnabled={loaded.data.workContext.enabled}
    />
  );
}

function rowOf(label: SensitivityLabel): Row {
  return {
    id: label.id,
    name: label.name,
    description: label.description,
    contextRules: label.contextRules,
  };
}

function LabelsForm({
  path,
  initial,
  initialEnabled,
}: {
  path: string;
  initial: Row[];
  initialEnabled: boolean;
}) {
  const { t, i18n } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { request } = useUserSession();
  const { formRef, failure, busy, check, send } = useSubmission(["labels"] as const);
  const [rows, setRows] = useState<Row[]>(initial);
  const [enabled, setEnabled] = useState(initialEnabled);
  const [status, setStatus] = useState<string | null>(null);
  /** After a save with an unnamed label, the unnamed ones say so. */
  const [checked, setChecked] = useState(false);

  const change = (index: number, patch: Partial<Row>) =>
    setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    if (row) next.splice(index + by, 0, row);
    setRows(next);
  };

  /** A preset keeps the ids of the rows it replaces, so labelled teams keep a label. */
  function applyPreset(preset: LabelPreset): void {
    const japanese = i18n.language.startsWith("ja");
    setRows(
      LABEL_PRESET_LABELS[preset].map((label, index) => ({
        ...(rows[index]?.id ? { id: rows[index].id } : {}),
        ...(rows[index]?.contextRules ? { contextRules: rows[index].contextRules } : {}),
        name: japanese ? label.ja : label.en,
        description: japanese ? label.jaDescription : label.enDescription,
      })),
    );
  }

  async function submit(): Promise<void> {
    const unnamed = rows.some((row) => row.name.trim() === "");
    setChecked(true);
    if (!check(unnamed ? { labels: t("labels.nameNeeded") } : {})) return;
    await send(async () => {
      const saved = await request<LabelsResponse>(path, {
        method: "PUT",
        body: {
          labels: rows.map((row) => ({ ...row, name: row.name.trim() })),
          workContext: { enabled },
        },
      });
      setRows(saved.labels.map(rowOf));
      setEnabled(saved.workContext.enabled);
      setStatus(t("labels.saved"));
    });
  }

  return (
    <form
      ref={formRef}
      noValidate
      className={form.form}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <p className={form.intro}>{t("labels.intro")}</p>
      <StatusMessage message={status} />
      <Field label={t("labels.preset")}>
        <Select value="" onChange={(_e, d) => d.value && applyPreset(d.value as LabelPreset)}>
          <option value="">{t("labels.presetNone")}</option>
          {LABEL_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t(`labels.presets.${preset}`)}
            </option>
          ))}
        </Select>
      </Field>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("labels.tab")}</legend>
        {rows.length === 0 && <p className={form.help}>{t("labels.empty")}</p>}
        {rows.map((row, index) => {
          const n = String(index + 1);
          return (
            <div key={row.id ?? `new-${index}`} className={styles.row}>
              <Field
                label={t("labels.name", { n })}
                {...validation(
                  checked && row.name.trim() === "" ? t("labels.nameNeeded") : undefined,
                )}
              >
                <Input
                  name="labels"
                  value={row.name}
                  maxLength={LABEL_LIMITS.nameMax}
                  onChange={(_e, d) => change(index, { name: d.value })}
                />
              </Field>
              <Field label={t("labels.description", { n })}>
                <Input
                  value={row.description}
                  maxLength={LABEL_LIMITS.descriptionMax}
                  onChange={(_e, d) => change(index, { description: d.value })}
                />
              </Field>
              <div className={styles.buttons}>
                <Button
                  icon={<ArrowUpRegular />}
                  aria-label={t("labels.moveUp", { n })}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                />
                <Button
                  icon={<ArrowDownRegular />}
                  aria-label={t("labels.moveDown", { n })}
                  disabled={index === rows.length - 1}
                  onClick={() => move(index, 1)}
                />
                <Button
                  icon={<DeleteRegular />}
                  aria-label={t("labels.remove", { n })}
                  onClick={() => setRows(rows.filter((_r, i) => i !== index))}
                />
              </div>
            </div>
          );
        })}
        <div className={form.actions}>
          <Button
            disabled={rows.length >= LABEL_LIMITS.max}
            onClick={() => setRows([...rows, { name: "", description: "" }])}
          >
            {t("labels.add")}
          </Button>
        </div>
      </fieldset>
      <ContextMatrix
        rows={rows}
        enabled={enabled}
        onEnabled={setEnabled}
        onRules={(index, contextRules) => change(index, { contextRules })}
      />
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("labels.save")}
        </Button>
      </div>
    </form>
  );
}
