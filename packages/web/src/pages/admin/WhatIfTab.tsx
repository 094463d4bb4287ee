import { useState } from "react";
import {
  Button,
  Checkbox,
  Field,
  Input,
  Select,
  TableCell,
  TableRow,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  CA_APPS,
  CA_CLIENT_TYPES,
  CA_PLATFORMS,
  CA_USER_ACTIONS,
  RISK_LEVELS,
  type CaApp,
  type CaClientType,
  type CaGrantControl,
  type CaPlatform,
  type CaUserAction,
  type LabelsResponse,
  type NamedLocationsResponse,
  type RiskLevel,
  type UserListResponse,
  type WhatIfRequest,
  type WhatIfResponse,
  type WorkContext,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { localInputToIso } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";
import { WorkContextSelect } from "../../components/WorkContextSelect.tsx";

const FIELDS = ["userId", "ip", "sinceSignIn", "longestPause"] as const;

/** A whole number of minutes typed in (empty: 0, as the server takes it); NaN otherwise. */
function minutesTyped(text: string): number {
  return text.trim() === "" ? 0 : /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

/**
 * What-If (Entra ID's): an imagined sign-in — user, app, client, platform, address, time, risk,
 * what the session has passed — and every policy's result, with the first unmet condition of
 * each policy that would not apply.
 */
export function WhatIfTab({ base }: { base: string }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const { request } = useUserSession();
  const loaded = useLoader(async (signal) => {
    const [users, locations, labels] = await Promise.all([
      request<UserListResponse>(`${base}/users`, { signal }),
      request<NamedLocationsResponse>(`${base}/conditional-access/locations`, { signal }),
      request<LabelsResponse>(`${base}/labels`, { signal }),
    ]);
    return { users: users.users, locations: locations.locations, labels: labels.labels };
  });
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);
  const [userId, setUserId] = useState("");
  const [app, setApp] = useState<CaApp>("chat");
  const [userAction, setUserAction] = useState<CaUserAction | "">("");
  const [clientType, setClientType] = useState<CaClientType>("browser");
  const [platform, setPlatform] = useState<CaPlatform>("windows");
  const [ip, setIp] = useState("");
  const [at, setAt] = useState("");
  const [signInRisk, setSignInRisk] = useState<RiskLevel>("none");
  const [userRisk, setUserRisk] = useState<RiskLevel>("none");
  const [labelId, setLabelId] = useState("");
  const [place, setPlace] = useState<WorkContext | "">("");
  const [sinceSignIn, setSinceSignIn] = useState("");
  const [longestPause, setLongestPause] = useState("");
  const [mfa, setMfa] = useState(false);
  const [passkey, setPasskey] = useState(false);
  const [termsAccepted, setTermsAccepted] = useState(false);
  const [deviceRegistered, setDeviceRegistered] = useState(false);
  const [deviceCompliant, setDeviceCompliant] = useState(false);
  const [answer, setAnswer] = useState<WhatIfResponse | null>(null);

  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const { users, locations, labels } = loaded.data;
  const controlsText = (controls: CaGrantControl[]) =>
    controls.map((c) => t(`ca.controls.${c}`)).join(", ");

  async function submit(): Promise<void> {
    if (
      !check(
        compact({
          userId: userId ? undefined : t("ca.whatIf.userNeeded"),
          ip: ip.trim() ? undefined : t("ca.whatIf.ipNeeded"),
          sinceSignIn: Number.isNaN(minutesTyped(sinceSignIn))
            ? t("ca.whatIf.minutesInvalid")
            : undefined,
          longestPause: Number.isNaN(minutesTyped(longestPause))
            ? t("ca.whatIf.minutesInvalid")
            : undefined,
        }),
      )
    )
      return;
    const iso = localInputToIso(at);
    const body: WhatIfRequest = {
      userId,
      app,
      ...(userAction ? { userAction } : {}),
      clientType,
      platform,
      ip: ip.trim(),
      ...(iso ? { at: iso } : {}),
      ...(labelId ? { labelId } : {}),
      ...(place ? { workContext: place } : {}),
      signInRisk,
      userRisk,
      mfa,
      phishingResistant: passkey,
      termsAccepted,
      deviceRegistered,
      deviceCompliant: deviceRegistered && deviceCompliant,
      minutesSinceSignIn: minutesTyped(sinceSignIn),
      longestPauseMinutes: minutesTyped(longestPause),
    };
    await send(async () => {
      setAnswer(
        await request<WhatIfResponse>(`${base}/conditional-access/what-if`, {
          method: "POST",
          body,
        }),
      );
    });
  }

  return (
    <>
      <p className={form.intro}>{t("ca.whatIf.intro")}</p>
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
          <legend className={form.legend}>{t("ca.whatIfTab")}</legend>
          <Field label={t("ca.whatIf.user")} {...validation(errors.userId)}>
            <Select name="userId" value={userId} onChange={(_e, d) => setUserId(d.value)}>
              <option value="">—</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {`${user.displayName} (${user.email})`}
                </option>
              ))}
            </Select>
          </Field>
          <div className={form.actions}>
            <ChoiceField
              label={t("ca.whatIf.app")}
              value={app}
              values={CA_APPS}
              labelOf={(value) => t(`ca.apps.${value}`)}
              onChange={setApp}
            />
            <Field label={t("ca.whatIf.userAction")}>
              <Select
                value={userAction}
                onChange={(_e, d) => setUserAction(d.value as CaUserAction | "")}
              >
                <option value="">{t("ca.whatIf.noUserAction")}</option>
                {CA_USER_ACTIONS.map((value) => (
                  <option key={value} value={value}>
                    {t(`ca.userActions.${value}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <ChoiceField
              label={t("ca.whatIf.clientType")}
              value={clientType}
              values={CA_CLIENT_TYPES}
              labelOf={(value) => t(`ca.clientTypes.${value}`)}
              onChange={setClientType}
            />
            <ChoiceField
              label={t("ca.whatIf.platform")}
              value={platform}
              values={CA_PLATFORMS}
              labelOf={(value) => t(`ca.platforms.${value}`)}
              onChange={setPlatform}
            />
          </div>
          <div className={form.actions}>
            <Field label={t("ca.whatIf.ip")} {...validation(errors.ip)}>
              <Input name="ip" value={ip} onChange={(_e, d) => setIp(d.value)} />
            </Field>
            <Field label={t("ca.whatIf.at")} hint={t("ca.whatIf.atHelp")}>
              <Input type="datetime-local" value={at} onChange={(_e, d) => setAt(d.value)} />
            </Field>
            <Field label={t("ca.whatIf.label")}>
              <Select value={labelId} onChange={(_e, d) => setLabelId(d.value)}>
                <option value="">{t("ca.whatIf.noLabel")}</option>
                {labels.map((label) => (
                  <option key={label.id} value={label.id}>
                    {label.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t("workContext.label")}>
              <WorkContextSelect value={place} offerNone onPick={setPlace} />
            </Field>
            <ChoiceField
              label={t("ca.whatIf.signInRisk")}
              value={signInRisk}
              values={RISK_LEVELS}
              labelOf={(value) => t(`risk.levels.${value}`)}
              onChange={setSignInRisk}
            />
            <ChoiceField
              label={t("ca.whatIf.userRisk")}
              value={userRisk}
              values={RISK_LEVELS}
              labelOf={(value) => t(`risk.levels.${value}`)}
              onChange={setUserRisk}
            />
            <Field
              label={t("ca.whatIf.sinceSignIn")}
              hint={t("ca.whatIf.minutesHelp")}
              {...validation(errors.sinceSignIn)}
            >
              <Input
                type="number"
                min={0}
                inputMode="numeric"
                value={sinceSignIn}
                onChange={(_e, d) => setSinceSignIn(d.value)}
              />
            </Field>
            <Field
              label={t("ca.whatIf.longestPause")}
              hint={t("ca.whatIf.minutesHelp")}
              {...validation(errors.longestPause)}
            >
              <Input
                type="number"
                min={0}
                inputMode="numeric"
                value={longestPause}
                onChange={(_e, d) => setLongestPause(d.value)}
              />
            </Field>
          </div>
          <fieldset className={form.actions}>
            <legend>{t("ca.whatIf.passed")}</legend>
            <Checkbox
              label={t("ca.whatIf.mfa")}
              checked={mfa}
              onChange={(_e, d) => setMfa(d.checked === true)}
            />
            <Checkbox
              label={t("ca.whatIf.phishingResistant")}
              checked={passkey}
              onChange={(_e, d) => setPasskey(d.checked === true)}
            />
            <Checkbox
              label={t("ca.whatIf.termsAccepted")}
              checked={termsAccepted}
              onChange={(_e, d) => setTermsAccepted(d.checked === true)}
            />
            <Checkbox
              label={t("ca.whatIf.deviceRegistered")}
              checked={deviceRegistered}
              onChange={(_e, d) => setDeviceRegistered(d.checked === true)}
            />
            <Checkbox
              label={t("ca.whatIf.deviceCompliant")}
              checked={deviceRegistered && deviceCompliant}
              disabled={!deviceRegistered}
              onChange={(_e, d) => setDeviceCompliant(d.checked === true)}
            />
          </fieldset>
        </fieldset>
        <ErrorMessage error={failure} />
        <div className={form.actions}>
          <Button type="submit" appearance="primary" disabled={busy}>
            {t("ca.whatIf.run")}
          </Button>
        </div>
      </form>
      {answer && (
        <section aria-labelledby="what-if-result" className={form.form}>
          <h2 id="what-if-result">{t("ca.whatIf.verdictLabel")}</h2>
          <p role="status">
            {t(`ca.whatIf.verdicts.${answer.verdict}`, { controls: controlsText(answer.controls) })}
            {answer.watermark && ` ${t("ca.whatIf.policyWatermark")}`}
          </p>
          <p className={form.help}>
            {t("ca.whatIf.placed", {
              country: answer.country ?? t("ca.whatIf.noCountry"),
              locations:
                answer.locations
                  .map((id) => locations.find((l) => l.id === id)?.name ?? id)
                  .join(", ") || t("ca.whatIf.noLocation"),
            })}
          </p>
          {answer.workContextCell && (
            <p className={form.help}>
              {t("ca.whatIf.matrixCell", {
                access: t(`labels.accessOptions.${answer.workContextCell.access}`),
                stepUp: t(`labels.stepUpOptions.${answer.workContextCell.stepUp}`),
                watermark: answer.workContextCell.watermark
                  ? t("ca.whatIf.withWatermark")
                  : t("ca.whatIf.withoutWatermark"),
              })}
            </p>
          )}
          <RecordTable
            label={t("ca.whatIf.tableLabel")}
            columns={[
              t("ca.whatIf.policy"),
              t("ca.whatIf.state"),
              t("ca.whatIf.result"),
              t("ca.whatIf.reason"),
            ]}
            loading={false}
            emptyText={answer.policies.length === 0 ? t("ca.policies.empty") : null}
          >
            {answer.policies.map((p) => (
              <TableRow key={p.policyId}>
                <TableCell>{p.name}</TableCell>
                <TableCell>{t(`ca.states.${p.state}`)}</TableCell>
                <TableCell>{t(`ca.whatIf.results.${p.result}`)}</TableCell>
                <TableCell>
                  {p.unmet
                    ? t(`ca.whatIf.unmet.${p.unmet}`)
                    : p.controls.length > 0
                      ? t("ca.whatIf.needs", { controls: controlsText(p.controls) })
                      : "—"}
                </TableCell>
              </TableRow>
            ))}
          </RecordTable>
        </section>
      )}
    </>
  );
}

/** A labelled choice among an enumeration's values, each shown in words. */
function ChoiceField<T extends string>({
  label,
  value,
  values,
  labelOf,
  onChange,
}: {
  label: string;
  value: T;
  values: readonly T[];
  labelOf: (value: T) => string;
  onChange: (value: T) => void;
}) {
  return (
    <Field label={label}>
      <Select value={value} onChange={(_e, d) => onChange(d.value as T)}>
        {values.map((option) => (
          <option key={option} value={option}>
            {labelOf(option)}
          </option>
        ))}
      </Select>
    </Field>
  );
}
