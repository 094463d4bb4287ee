import { useState, type FormEvent } from "react";
import { Button, Field, Input, Select, makeStyles, tokens } from "@fluentui/react-components";
import { FilterRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { localInputToIso } from "../../components/DateTime.tsx";
import {
  ACTOR_TYPES,
  AUDIT_OUTCOMES,
  type ActorType,
  type AuditEvent,
  type AuditOutcome,
  type UserSummary,
} from "@engawa/shared";
import { useFormStyles } from "../../components/layout.ts";
import { validation } from "../../forms.ts";
import { useFocusFirstInvalid } from "../../useFocusFirstInvalid.ts";

/** The filters as the form holds them; empty string means "any". Times are datetime-local text. */
export interface AuditFilterValues {
  actorId: string;
  actorType: "" | ActorType;
  action: string;
  outcome: "" | AuditOutcome;
  from: string;
  to: string;
}

/** Everything: the list as first shown, and what "Clear filters" returns to. */
export const NO_FILTERS: AuditFilterValues = {
  actorId: "",
  actorType: "",
  action: "",
  outcome: "",
  from: "",
  to: "",
};

const ACTION_PATTERN = /^[a-z_.]+$/;

/** The query parameters the list, the export and the live filter share. */
export function filterQuery(values: AuditFilterValues): Record<string, string | undefined> {
  return {
    actorId: values.actorId || undefined,
    actorType: values.actorType || undefined,
    action: values.action || undefined,
    outcome: values.outcome || undefined,
    from: localInputToIso(values.from),
    to: localInputToIso(values.to),
  };
}

/** Whether a live event belongs in the list as filtered (mirrors the server's query). */
export function matchesFilters(event: AuditEvent, values: AuditFilterValues): boolean {
  if (values.actorId && event.actor.id !== values.actorId) return false;
  if (values.actorType && event.actor.type !== values.actorType) return false;
  if (values.outcome && event.outcome !== values.outcome) return false;
  if (values.action) {
    const prefix = values.action.endsWith(".");
    if (prefix ? !event.action.startsWith(values.action) : event.action !== values.action)
      return false;
  }
  const at = Date.parse(event.occurredAt);
  const from = localInputToIso(values.from);
  const to = localInputToIso(values.to);
  if (from && at < Date.parse(from)) return false;
  if (to && at > Date.parse(to)) return false;
  return true;
}

const useStyles = makeStyles({
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))",
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    alignItems: "start",
  },
  control: { minWidth: 0, width: "100%" },
});

/**
 * The audit log's filter form. Changes apply on "Apply filters" (or Enter), so typing an action
 * name does not fire a query per keystroke.
 */
export function AuditFilters({
  users,
  applied,
  onApply,
}: {
  users: readonly UserSummary[];
  applied: AuditFilterValues;
  onApply: (values: AuditFilterValues) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const [draft, setDraft] = useState<AuditFilterValues>(applied);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const { ref: formRef, focusFirstInvalid } = useFocusFirstInvalid<HTMLFormElement>();

  function submit(event: FormEvent): void {
    event.preventDefault();
    const action = draft.action.trim();
    if (action && (!ACTION_PATTERN.test(action) || action.length > 100)) {
      setActionError(t("audit.actionInvalid"));
      focusFirstInvalid();
      return;
    }
    setActionError(undefined);
    onApply({ ...draft, action });
  }

  function clear(): void {
    setDraft(NO_FILTERS);
    setActionError(undefined);
    onApply(NO_FILTERS);
  }

  return (
    <form ref={formRef} noValidate onSubmit={submit}>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("audit.filters")}</legend>
        <div className={styles.grid}>
          <Field className={styles.control} label={t("audit.actor")}>
            <Select
              className={styles.control}
              value={draft.actorId}
              onChange={(_e, data) => setDraft({ ...draft, actorId: data.value })}
            >
              <option value="">{t("audit.any")}</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {`${user.displayName} (${user.email})`}
                </option>
              ))}
            </Select>
          </Field>
          <Field className={styles.control} label={t("audit.actorType")}>
            <Select
              className={styles.control}
              value={draft.actorType}
              onChange={(_e, data) =>
                setDraft({ ...draft, actorType: ACTOR_TYPES.find((a) => a === data.value) ?? "" })
              }
            >
              <option value="">{t("audit.any")}</option>
              {ACTOR_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`audit.actorTypes.${type}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            className={styles.control}
            label={t("audit.action")}
            hint={t("audit.actionHint")}
            {...validation(actionError)}
          >
            <Input
              spellCheck={false}
              autoCapitalize="none"
              maxLength={100}
              value={draft.action}
              onChange={(_e, data) => setDraft({ ...draft, action: data.value })}
            />
          </Field>
          <Field className={styles.control} label={t("audit.outcome")}>
            <Select
              className={styles.control}
              value={draft.outcome}
              onChange={(_e, data) =>
                setDraft({ ...draft, outcome: AUDIT_OUTCOMES.find((o) => o === data.value) ?? "" })
              }
            >
              <option value="">{t("audit.any")}</option>
              {AUDIT_OUTCOMES.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {t(`audit.outcomes.${outcome}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field className={styles.control} label={t("audit.from")}>
            <Input
              type="datetime-local"
              value={draft.from}
              onChange={(_e, data) => setDraft({ ...draft, from: data.value })}
            />
          </Field>
          <Field className={styles.control} label={t("audit.to")}>
            <Input
              type="datetime-local"
              value={draft.to}
              onChange={(_e, data) => setDraft({ ...draft, to: data.value })}
            />
          </Field>
        </div>
        <div className={form.actions}>
          <Button type="submit" appearance="primary" icon={<FilterRegular />}>
            {t("audit.apply")}
          </Button>
          <Button type="button" onClick={clear}>
            {t("audit.clear")}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
