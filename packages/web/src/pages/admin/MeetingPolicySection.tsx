import { useState, type FormEvent } from "react";
import {
  Button,
  Checkbox,
  Field,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  HOSPITAL_MEETING_POLICY,
  LOBBY_BYPASS_OPTIONS,
  WATERMARK_FROM_RANK_DEFAULT,
  WHO_MAY_PRESENT,
  type LabelsResponse,
  type LobbyBypass,
  type MeetingPolicy,
  type MeetingPolicyResponse,
  type WhoMayPresent,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { useSubmission } from "../../useSubmission.ts";

const useSectionStyles = makeStyles({
  section: { marginTop: tokens.spacingVerticalXXL },
});

const FIELDS = [
  "lobbyBypass",
  "organizersMayChangeBypass",
  "anonymousJoin",
  "whoMayPresent",
  "watermarkFromRank",
] as const;

const isBypass = (value: string): value is LobbyBypass =>
  (LOBBY_BYPASS_OPTIONS as readonly string[]).includes(value);
const isPresenting = (value: string): value is WhoMayPresent =>
  (WHO_MAY_PRESENT as readonly string[]).includes(value);

/**
 * The organisation's meeting policy, for its administrators: who bypasses the lobby (Teams' five
 * options, collab-anchors.md [T1]), whether organisers may change that per meeting (off: the
 * admin's lock), whether people without an account may join at all, who may present, and from
 * which sensitivity label meetings carry a watermark. The hospital preset (MHLW: only invited
 * people bypass, nobody anonymous) is one click. The server decides every join by it.
 */
export function MeetingPolicySection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const styles = useSectionStyles();
  const { request } = useUserSession();
  const base = `/api/t/${encodeURIComponent(slug)}`;
  const loaded = useLoader((signal) =>
    Promise.all([
      request<MeetingPolicyResponse>(`${base}/meeting-policy`, { signal }),
      request<LabelsResponse>(`${base}/labels`, { signal }).catch(() => ({ labels: [] })),
    ]),
  );
  return (
    <section aria-labelledby="meeting-policy-heading" className={styles.section}>
      <h2 id="meeting-policy-heading">{t("meetingPolicy.title")}</h2>
      <ErrorMessage error={loaded.error} />
      {loaded.data ? (
        <MeetingPolicyForm
          path={`${base}/meeting-policy`}
          initial={loaded.data[0].policy}
          labels={loaded.data[1].labels}
        />
      ) : (
        !loaded.error && <Loading />
      )}
    </section>
  );
}

function MeetingPolicyForm({
  path,
  initial,
  labels,
}: {
  path: string;
  initial: MeetingPolicy;
  labels: LabelsResponse["labels"];
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const { request } = useUserSession();
  const { formRef, failure, busy, send } = useSubmission(FIELDS);
  const [policy, setPolicy] = useState(initial);
  const [saved, setSaved] = useState(false);
  const change = (next: Partial<MeetingPolicy>) => {
    setSaved(false);
    setPolicy({ ...policy, ...next });
  };
  const byRank = [...labels].sort((a, b) => a.rank - b.rank);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaved(false);
    await send(async () => {
      const result = await request<MeetingPolicyResponse>(path, { method: "PUT", body: policy });
      setPolicy(result.policy);
      setSaved(true);
    });
  }

  return (
    <form ref={formRef} className={styles.form} noValidate onSubmit={(event) => void submit(event)}>
      <p className={styles.help}>{t("meetingPolicy.help")}</p>
      <div>
        <Button
          onClick={() =>
            change({
              ...HOSPITAL_MEETING_POLICY,
              ...(policy.watermarkFromRank === undefined
                ? {}
                : { watermarkFromRank: policy.watermarkFromRank }),
            })
          }
        >
          {t("meetingPolicy.hospitalPreset")}
        </Button>
      </div>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("meetingPolicy.lobbySection")}</legend>
        <Field label={t("meetings.bypass.label")} hint={t("meetings.bypass.hint")}>
          <RadioGroup
            value={policy.lobbyBypass}
            onChange={(_e, data) => {
              if (isBypass(data.value)) change({ lobbyBypass: data.value });
            }}
          >
            {LOBBY_BYPASS_OPTIONS.map((option) => (
              <Radio key={option} value={option} label={t(`meetings.bypass.${option}`)} />
            ))}
          </RadioGroup>
        </Field>
        <Checkbox
          label={t("meetingPolicy.organizersMayChange")}
          checked={policy.organizersMayChangeBypass}
          onChange={(_e, data) => change({ organizersMayChangeBypass: data.checked === true })}
        />
        <Field hint={t("meetingPolicy.anonymousJoinHint")}>
          <Checkbox
            label={t("meetingPolicy.anonymousJoin")}
            checked={policy.anonymousJoin}
            onChange={(_e, data) => change({ anonymousJoin: data.checked === true })}
          />
        </Field>
      </fieldset>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("meetingPolicy.presentingSection")}</legend>
        <Field label={t("meetingPolicy.whoMayPresent")}>
          <RadioGroup
            value={policy.whoMayPresent}
            onChange={(_e, data) => {
              if (isPresenting(data.value)) change({ whoMayPresent: data.value });
            }}
          >
            {WHO_MAY_PRESENT.map((option) => (
              <Radio key={option} value={option} label={t(`meetingPolicy.present.${option}`)} />
            ))}
          </RadioGroup>
        </Field>
        {byRank.length > 0 && (
          <Field label={t("meetingPolicy.watermark")} hint={t("meetingPolicy.watermarkHint")}>
            <Select
              value={policy.watermarkFromRank === undefined ? "" : String(policy.watermarkFromRank)}
              onChange={(_e, data) => {
                const { watermarkFromRank: _dropped, ...rest } = policy;
                setSaved(false);
                setPolicy(
                  data.value === "" ? rest : { ...rest, watermarkFromRank: Number(data.value) },
                );
              }}
            >
              <option value="">
                {t("meetingPolicy.watermarkDefault", {
                  name:
                    byRank.find((label) => label.rank >= WATERMARK_FROM_RANK_DEFAULT)?.name ??
                    String(WATERMARK_FROM_RANK_DEFAULT),
                })}
              </option>
              {byRank.map((label) => (
                <option key={label.id} value={String(label.rank)}>
                  {t("meetingPolicy.watermarkFrom", { name: label.name })}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </fieldset>
      <StatusMessage message={saved ? t("meetingPolicy.saved") : null} />
      <ErrorMessage error={failure} />
      <div>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("meetingPolicy.save")}
        </Button>
      </div>
    </form>
  );
}
