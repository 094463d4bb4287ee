import { useState } from "react";
import { Checkbox, Input, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { CaUserSet, GroupSummary, TenantRole, UserSummary } from "@engawa/shared";
import { useFormStyles } from "../../components/layout.ts";

const useStyles = makeStyles({
  group: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalL,
    border: "none",
    margin: 0,
    padding: 0,
  },
  groupLegend: {
    fontWeight: tokens.fontWeightSemibold,
    padding: 0,
    marginBottom: tokens.spacingVerticalXS,
  },
  people: { display: "flex", flexDirection: "column", maxHeight: "240px", overflowY: "auto" },
});

const PEOPLE_SHOWN = 20;
const ROLES: readonly TenantRole[] = ["owner", "admin", "member", "guest"];

/** A group of checkboxes for a list of values; what is checked is the list. */
export function CheckList<T extends string>({
  legend,
  values,
  selected,
  labelOf,
  onChange,
  disabled = false,
}: {
  legend: string;
  values: readonly T[];
  selected: readonly T[];
  labelOf: (value: T) => string;
  onChange: (selected: T[]) => void;
  disabled?: boolean;
}) {
  const styles = useStyles();
  return (
    <fieldset className={styles.group}>
      <legend className={styles.groupLegend}>{legend}</legend>
      {values.map((value) => (
        <Checkbox
          key={value}
          label={labelOf(value)}
          disabled={disabled}
          checked={selected.includes(value)}
          onChange={(_e, d) =>
            onChange(
              d.checked === true
                ? values.filter((v) => v === value || selected.includes(v))
                : selected.filter((v) => v !== value),
            )
          }
        />
      ))}
    </fieldset>
  );
}

/**
 * Who a policy includes or excludes: everyone, all guests, roles, groups (kept by the identity
 * provider over SCIM, so a new nurse is covered the day she is provisioned) and named people
 * (found by a search box: an organisation may have thousands; the ones chosen always stay in view).
 */
export function UserSetFields({
  legend,
  help,
  value,
  users,
  groups,
  onChange,
}: {
  legend: string;
  help?: string;
  value: CaUserSet;
  users: UserSummary[];
  groups: GroupSummary[];
  onChange: (value: CaUserSet) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const matching = users.filter(
    (u) =>
      value.users.includes(u.id) ||
      (needle !== "" &&
        (u.displayName.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle))),
  );
  const shown = matching.slice(0, PEOPLE_SHOWN);
  return (
    <fieldset className={form.section}>
      <legend className={form.legend}>{legend}</legend>
      {help && <p className={form.help}>{help}</p>}
      <Checkbox
        label={t("ca.editor.allUsers")}
        checked={value.all}
        onChange={(_e, d) => onChange({ ...value, all: d.checked === true })}
      />
      <Checkbox
        label={t("ca.editor.guests")}
        disabled={value.all}
        checked={value.guests}
        onChange={(_e, d) => onChange({ ...value, guests: d.checked === true })}
      />
      <CheckList
        legend={t("ca.editor.roles")}
        values={ROLES}
        selected={value.roles}
        disabled={value.all}
        labelOf={(role) => t(`roles.${role}`)}
        onChange={(roles) => onChange({ ...value, roles })}
      />
      {groups.length > 0 ? (
        <CheckList
          legend={`${legend}: ${t("ca.editor.groups")}`}
          values={groups.map((g) => g.id)}
          selected={value.groups}
          disabled={value.all}
          labelOf={(id) => {
            const group = groups.find((g) => g.id === id);
            return group
              ? t("ca.editor.groupLabel", { name: group.displayName, count: group.memberCount })
              : id;
          }}
          onChange={(chosen) => onChange({ ...value, groups: chosen })}
        />
      ) : (
        <p className={form.help}>{t("ca.editor.noGroups")}</p>
      )}
      <Input
        aria-label={`${legend}: ${t("ca.editor.peopleFilter")}`}
        placeholder={t("ca.editor.peopleFilter")}
        disabled={value.all}
        value={filter}
        onChange={(_e, d) => setFilter(d.value)}
      />
      <div
        className={styles.people}
        role="group"
        aria-label={`${legend}: ${t("ca.editor.people")}`}
      >
        {shown.map((user) => (
          <Checkbox
            key={user.id}
            disabled={value.all}
            label={`${user.displayName} (${user.email})`}
            checked={value.users.includes(user.id)}
            onChange={(_e, d) =>
              onChange({
                ...value,
                users:
                  d.checked === true
                    ? [...value.users, user.id]
                    : value.users.filter((id) => id !== user.id),
              })
            }
          />
        ))}
      </div>
      {matching.length > shown.length && (
        <p className={form.help}>
          {t("ca.editor.peopleMore", { count: matching.length - shown.length })}
        </p>
      )}
    </fieldset>
  );
}
