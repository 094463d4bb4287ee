import { useState } from "react";
import {
  Button,
  Checkbox,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  CA_APPS,
  CA_CLIENT_TYPES,
  CA_DEVICE_STATES,
  CA_GRANT_CONTROLS,
  CA_PLATFORMS,
  CA_POLICY_STATES,
  CA_USER_ACTIONS,
  RISK_LEVELS,
  hasSessionControl,
  mfaForEveryonePolicy,
  NO_SESSION_CONTROLS,
  type CaLocationCondition,
  type CaPolicy,
  type CaPolicyInput,
  type CaTimeCondition,
  type GroupSummary,
  type TermsOfUse,
  type NamedLocation,
  type SensitivityLabel,
  type UserSummary,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";
import { CheckList, UserSetFields } from "./CaPolicyFields.tsx";
import { SESSION_RANGES, SessionControlFields, sessionMinutesProblem } from "./CaSessionFields.tsx";

const FIELDS = ["name", "apps", "grant", "terms", "signInFrequency", "idleTimeout"] as const;
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6].map(String);
type LocationMode = "none" | "any" | "trusted" | "selected";

function modeOf(locations: CaLocationCondition | null): LocationMode {
  if (!locations) return "none";
  if (locations.any) return "any";
  return locations.include.length > 0 ? "selected" : "trusted";
}

/**
 * The policy form, in the order Entra ID admins know: name and state, users (include, exclude),
 * apps and actions, conditions, grant. The server decides what is valid and refuses a policy that
 * would block every administrator; its answer is shown here in words.
 */
export function CaPolicyEditor({
  path,
  policy,
  users,
  groups,
  terms,
  locations,
  labels,
  onDone,
}: {
  path: string;
  policy: CaPolicy | null;
  users: UserSummary[];
  /** The organisation's groups (from the identity provider, over SCIM). */
  groups: GroupSummary[];
  /** The organisation's terms of use, for the grant control that asks for them. */
  terms: TermsOfUse[];
  locations: NamedLocation[];
  /** The organisation's sensitivity labels, for the label condition. */
  labels: SensitivityLabel[];
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const { request } = useUserSession();
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);
  const [value, setValue] = useState<CaPolicyInput>(() => {
    if (!policy) return mfaForEveryonePolicy("");
    const { id: _id, createdAt: _c, updatedAt: _u, report: _r, ...input } = policy;
    return input;
  });
  const [mode, setMode] = useState<LocationMode>(modeOf(value.conditions.locations));
  const [selected, setSelected] = useState<string[]>(value.conditions.locations?.include ?? []);
  const [excludeTrusted, setExcludeTrusted] = useState(
    value.conditions.locations?.excludeTrusted ?? false,
  );
  const [excluded, setExcluded] = useState<string[]>(value.conditions.locations?.exclude ?? []);
  const [time, setTime] = useState<CaTimeCondition>(
    value.conditions.time ?? {
      days: [1, 2, 3, 4, 5],
      start: "09:00",
      end: "18:00",
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
  );
  const [timeOn, setTimeOn] = useState(value.conditions.time !== null);
  const conditions = value.conditions;
  const setConditions = (next: Partial<CaPolicyInput["conditions"]>) =>
    setValue({ ...value, conditions: { ...conditions, ...next } });
  const locationIds = locations.map((l) => l.id);
  const locationName = (id: string) => locations.find((l) => l.id === id)?.name ?? id;

  function locationCondition(): CaLocationCondition | null {
    if (mode === "none") return null;
    return {
      any: mode === "any",
      trusted: mode === "trusted",
      include: mode === "selected" ? selected : [],
      excludeTrusted,
      exclude: excluded,
    };
  }

  async function submit(): Promise<void> {
    const body: CaPolicyInput = {
      ...value,
      name: value.name.trim(),
      conditions: { ...conditions, locations: locationCondition(), time: timeOn ? time : null },
      // A block leaves nothing to control.
      session: value.grant.block ? NO_SESSION_CONTROLS : value.session,
    };
    const problems = compact({
      name: body.name ? undefined : t("ca.editor.nameNeeded"),
      apps:
        body.apps !== "all" && body.apps.length === 0 && body.userActions.length === 0
          ? t("ca.editor.targetsNeeded")
          : undefined,
      grant:
        !body.grant.block && body.grant.controls.length === 0 && !hasSessionControl(body.session)
          ? t("ca.editor.grantNeeded")
          : undefined,
      terms:
        !body.grant.block &&
        body.grant.controls.includes("terms_of_use") &&
        body.grant.termsOfUseId === null
          ? t("ca.editor.termsNeeded")
          : undefined,
      signInFrequency: sessionMinutesProblem(
        body.session.signInFrequencyMinutes,
        SESSION_RANGES.signInFrequency,
      )
        ? t("ca.editor.signInFrequencyInvalid")
        : undefined,
      idleTimeout: sessionMinutesProblem(
        body.session.idleTimeoutMinutes,
        SESSION_RANGES.idleTimeout,
      )
        ? t("ca.editor.idleTimeoutInvalid")
        : undefined,
    });
    if (!check(problems)) return;
    await send(async () => {
      await request(policy ? `${path}/${policy.id}` : path, {
        method: policy ? "PUT" : "POST",
        body,
      });
      onDone(true);
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
      <fieldset className={form.section}>
        <legend className={form.legend}>
          {policy ? t("ca.editor.editTitle", { name: policy.name }) : t("ca.editor.newTitle")}
        </legend>
        <Field label={t("ca.editor.name")} required {...validation(errors.name)}>
          <Input
            name="name"
            value={value.name}
            maxLength={100}
            onChange={(_e, d) => setValue({ ...value, name: d.value })}
          />
        </Field>
        <Field label={t("ca.editor.state")} hint={t("ca.editor.stateHelp")}>
          <RadioGroup
            layout="horizontal"
            value={value.state}
            onChange={(_e, d) => setValue({ ...value, state: d.value as CaPolicyInput["state"] })}
          >
            {CA_POLICY_STATES.map((state) => (
              <Radio key={state} value={state} label={t(`ca.states.${state}`)} />
            ))}
          </RadioGroup>
        </Field>
      </fieldset>
      <UserSetFields
        legend={`${t("ca.editor.assignments")}: ${t("ca.editor.include")}`}
        value={value.include}
        users={users}
        groups={groups}
        onChange={(include) => setValue({ ...value, include })}
      />
      <UserSetFields
        legend={`${t("ca.editor.assignments")}: ${t("ca.editor.exclude")}`}
        help={t("ca.editor.excludeHelp")}
        value={value.exclude}
        users={users}
        groups={groups}
        onChange={(exclude) => setValue({ ...value, exclude })}
      />
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("ca.editor.targets")}</legend>
        <Field {...validation(errors.apps)}>
          <Checkbox
            name="apps"
            label={t("ca.editor.allApps")}
            checked={value.apps === "all"}
            onChange={(_e, d) => setValue({ ...value, apps: d.checked === true ? "all" : [] })}
          />
        </Field>
        <CheckList
          legend={t("ca.editor.targets")}
          values={CA_APPS}
          selected={value.apps === "all" ? CA_APPS : value.apps}
          disabled={value.apps === "all"}
          labelOf={(app) => t(`ca.apps.${app}`)}
          onChange={(apps) => setValue({ ...value, apps })}
        />
        <CheckList
          legend={t("ca.editor.userActionsLegend")}
          values={CA_USER_ACTIONS}
          selected={value.userActions}
          labelOf={(action) => t(`ca.userActions.${action}`)}
          onChange={(userActions) => setValue({ ...value, userActions })}
        />
      </fieldset>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("ca.editor.conditions")}</legend>
        <p className={form.help}>{t("ca.editor.conditionsHelp")}</p>
        <CheckList
          legend={t("ca.editor.signInRisk")}
          values={RISK_LEVELS}
          selected={conditions.signInRisk}
          labelOf={(level) => t(`risk.levels.${level}`)}
          onChange={(signInRisk) => setConditions({ signInRisk })}
        />
        <CheckList
          legend={t("ca.editor.userRisk")}
          values={RISK_LEVELS}
          selected={conditions.userRisk}
          labelOf={(level) => t(`risk.levels.${level}`)}
          onChange={(userRisk) => setConditions({ userRisk })}
        />
        <CheckList
          legend={t("ca.editor.platforms")}
          values={CA_PLATFORMS}
          selected={conditions.platforms}
          labelOf={(platform) => t(`ca.platforms.${platform}`)}
          onChange={(platforms) => setConditions({ platforms })}
        />
        <CheckList
          legend={t("ca.editor.excludePlatforms")}
          values={CA_PLATFORMS}
          selected={conditions.excludePlatforms}
          labelOf={(platform) => t(`ca.platforms.${platform}`)}
          onChange={(excludePlatforms) => setConditions({ excludePlatforms })}
        />
        {labels.length > 0 && (
          <CheckList
            legend={t("ca.editor.labelsCondition")}
            values={labels.map((l) => l.id)}
            selected={conditions.labels}
            labelOf={(id) => labels.find((l) => l.id === id)?.name ?? id}
            onChange={(chosen) => setConditions({ labels: chosen })}
          />
        )}
        <CheckList
          legend={t("ca.editor.clientTypes")}
          values={CA_CLIENT_TYPES}
          selected={conditions.clientTypes}
          labelOf={(type) => t(`ca.clientTypes.${type}`)}
          onChange={(clientTypes) => setConditions({ clientTypes })}
        />
        <CheckList
          legend={t("ca.editor.deviceStates")}
          values={CA_DEVICE_STATES}
          selected={conditions.deviceStates ?? []}
          labelOf={(state) => t(`ca.deviceStates.${state}`)}
          onChange={(deviceStates) => setConditions({ deviceStates })}
        />
        <p className={form.help}>{t("ca.editor.deviceStatesHelp")}</p>
        <Field label={t("ca.editor.locations")}>
          <RadioGroup value={mode} onChange={(_e, d) => setMode(d.value as LocationMode)}>
            <Radio value="none" label={t("ca.editor.locationNone")} />
            <Radio value="any" label={t("ca.editor.locationAny")} />
            <Radio value="trusted" label={t("ca.editor.locationTrusted")} />
            <Radio value="selected" label={t("ca.editor.locationSelected")} />
          </RadioGroup>
        </Field>
        {locations.length === 0 && <p className={form.help}>{t("ca.editor.noLocations")}</p>}
        {mode === "selected" && (
          <CheckList
            legend={t("ca.editor.locationSelected")}
            values={locationIds}
            selected={selected}
            labelOf={locationName}
            onChange={setSelected}
          />
        )}
        {mode !== "none" && (
          <>
            <Checkbox
              label={t("ca.editor.excludeTrusted")}
              checked={excludeTrusted}
              onChange={(_e, d) => setExcludeTrusted(d.checked === true)}
            />
            <CheckList
              legend={t("ca.editor.excludeSelected")}
              values={locationIds}
              selected={excluded}
              labelOf={locationName}
              onChange={setExcluded}
            />
          </>
        )}
        <Checkbox
          label={t("ca.editor.timeOn")}
          checked={timeOn}
          onChange={(_e, d) => setTimeOn(d.checked === true)}
        />
        {timeOn && (
          <>
            <CheckList
              legend={t("ca.editor.time")}
              values={WEEKDAYS}
              selected={time.days.map(String)}
              labelOf={(day) => t("ca.weekdays", { returnObjects: true })[Number(day)] ?? day}
              onChange={(days) => setTime({ ...time, days: days.map(Number) })}
            />
            <div className={form.actions}>
              <Field label={t("ca.editor.start")}>
                <Input
                  type="time"
                  value={time.start}
                  onChange={(_e, d) => setTime({ ...time, start: d.value })}
                />
              </Field>
              <Field label={t("ca.editor.end")}>
                <Input
                  type="time"
                  value={time.end}
                  onChange={(_e, d) => setTime({ ...time, end: d.value })}
                />
              </Field>
              <Field label={t("ca.editor.timeZone")}>
                <Input
                  value={time.timeZone}
                  onChange={(_e, d) => setTime({ ...time, timeZone: d.value })}
                />
              </Field>
            </div>
            <p className={form.help}>{t("ca.editor.timeHelp")}</p>
          </>
        )}
      </fieldset>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("ca.editor.grantLegend")}</legend>
        <Field {...validation(errors.grant)}>
          <RadioGroup
            name="grant"
            value={value.grant.block ? "block" : "grant"}
            onChange={(_e, d) =>
              setValue({ ...value, grant: { ...value.grant, block: d.value === "block" } })
            }
          >
            <Radio value="block" label={t("ca.editor.block")} />
            <Radio value="grant" label={t("ca.editor.grantAccess")} />
          </RadioGroup>
        </Field>
        {!value.grant.block && (
          <>
            <CheckList
              legend={t("ca.editor.grantAccess")}
              values={CA_GRANT_CONTROLS}
              selected={value.grant.controls}
              labelOf={(control) => t(`ca.controls.${control}`)}
              onChange={(controls) =>
                setValue({
                  ...value,
                  grant: {
                    ...value.grant,
                    controls,
                    // The first terms are a start; the admin picks others below.
                    termsOfUseId: controls.includes("terms_of_use")
                      ? (value.grant.termsOfUseId ?? terms[0]?.id ?? null)
                      : null,
                  },
                })
              }
            />
            {value.grant.controls.includes("terms_of_use") && (
              <Field label={t("ca.editor.termsToAccept")} {...validation(errors.terms)}>
                <Select
                  value={value.grant.termsOfUseId ?? ""}
                  onChange={(_e, d) =>
                    setValue({
                      ...value,
                      grant: { ...value.grant, termsOfUseId: d.value === "" ? null : d.value },
                    })
                  }
                >
                  <option value="">{t("ca.editor.noTerms")}</option>
                  {terms.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <RadioGroup
              aria-label={t("ca.editor.grantAccess")}
              value={value.grant.operator}
              onChange={(_e, d) =>
                setValue({
                  ...value,
                  grant: { ...value.grant, operator: d.value as "all" | "one" },
                })
              }
            >
              <Radio value="all" label={t("ca.editor.operatorAll")} />
              <Radio value="one" label={t("ca.editor.operatorOne")} />
            </RadioGroup>
          </>
        )}
      </fieldset>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("ca.editor.sessionLegend")}</legend>
        <SessionControlFields
          value={value.session}
          blocked={value.grant.block}
          errors={errors}
          onChange={(session) => setValue({ ...value, session })}
        />
      </fieldset>
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("ca.editor.save")}
        </Button>
        <Button disabled={busy} onClick={() => onDone(false)}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
