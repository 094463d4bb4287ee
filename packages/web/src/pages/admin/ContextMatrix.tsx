import { Checkbox, Select, Switch, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  CONTEXT_ACCESS,
  CONTEXT_STEP_UPS,
  WORK_CONTEXTS,
  type ContextAccess,
  type ContextCell,
  type ContextRules,
  type ContextStepUp,
  type PutLabelsRequest,
  type WorkContext,
} from "@engawa/shared";
import { useFormStyles } from "../../components/layout.ts";

type Row = PutLabelsRequest["labels"][number];

const useStyles = makeStyles({
  table: { borderCollapse: "collapse", width: "100%" },
  cell: {
    verticalAlign: "top",
    padding: tokens.spacingHorizontalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    textAlign: "start",
  },
  controls: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

/**
 * The label × work-context matrix (zero-trust-anchors.md §8.7): for each label and each place a
 * person can say they are in, what opens (open, view only, title only, refused), whether a second
 * factor or a passkey is asked first, and whether a watermark is laid over it. Switched on, people
 * are asked where they work.
 */
export function ContextMatrix({
  rows,
  enabled,
  onEnabled,
  onRules,
}: {
  rows: Row[];
  enabled: boolean;
  onEnabled: (enabled: boolean) => void;
  onRules: (index: number, rules: ContextRules) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const places: readonly WorkContext[] = [...WORK_CONTEXTS].reverse();
  const setCell = (
    index: number,
    rules: ContextRules,
    place: WorkContext,
    patch: Partial<ContextCell>,
  ) => onRules(index, { ...rules, [place]: { ...rules[place], ...patch } });

  return (
    <fieldset className={form.section}>
      <legend className={form.legend}>{t("labels.matrixHeading")}</legend>
      <p className={form.help}>{t("labels.matrixIntro")}</p>
      <Switch
        checked={enabled}
        label={t("labels.matrixEnabled")}
        onChange={(_e, d) => onEnabled(d.checked)}
      />
      {rows.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col" className={styles.cell}>
                {t("labels.tab")}
              </th>
              {places.map((place) => (
                <th key={place} scope="col" className={styles.cell}>
                  {t(`workContext.contexts.${place}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const rules = row.contextRules;
              const name = row.name.trim() || String(index + 1);
              return (
                <tr key={row.id ?? `new-${index}`}>
                  <th scope="row" className={styles.cell}>
                    {name}
                  </th>
                  {places.map((place) => {
                    if (!rules)
                      return (
                        <td key={place} className={styles.cell}>
                          {place === places[0] ? t("labels.matrixAfterSave") : ""}
                        </td>
                      );
                    const cell = rules[place];
                    const where = t("labels.matrixLabel", {
                      label: name,
                      place: t(`workContext.contexts.${place}`),
                    });
                    return (
                      <td key={place} className={styles.cell}>
                        <div className={styles.controls}>
                          <Select
                            aria-label={`${where}: ${t("labels.access")}`}
                            value={cell.access}
                            onChange={(_e, d) =>
                              setCell(index, rules, place, { access: d.value as ContextAccess })
                            }
                          >
                            {CONTEXT_ACCESS.map((access) => (
                              <option key={access} value={access}>
                                {t(`labels.accessOptions.${access}`)}
                              </option>
                            ))}
                          </Select>
                          <Select
                            aria-label={`${where}: ${t("labels.stepUp")}`}
                            value={cell.stepUp}
                            disabled={cell.access === "deny"}
                            onChange={(_e, d) =>
                              setCell(index, rules, place, { stepUp: d.value as ContextStepUp })
                            }
                          >
                            {CONTEXT_STEP_UPS.map((stepUp) => (
                              <option key={stepUp} value={stepUp}>
                                {`${t("labels.stepUp")}: ${t(`labels.stepUpOptions.${stepUp}`)}`}
                              </option>
                            ))}
                          </Select>
                          <Checkbox
                            aria-label={`${where}: ${t("labels.watermarkBox")}`}
                            label={t("labels.watermarkBox")}
                            checked={cell.watermark}
                            disabled={cell.access === "deny"}
                            onChange={(_e, d) =>
                              setCell(index, rules, place, { watermark: d.checked === true })
                            }
                          />
                        </div>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
