import { useState } from "react";
import {
  Button,
  Checkbox,
  Field,
  makeStyles,
  mergeClasses,
  Radio,
  RadioGroup,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  HOSPITAL_MEETING_POLICY,
  LOBBY_BYPASS_OPTIONS,
  WHO_MAY_PRESENT,
  type LobbyBypass,
  type MeetingPolicy,
  type MeetingPolicyResponse,
  type WhoMayPresent,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { useActionMessages } from "../../useActionMessages.ts";

const useStyles = makeStyles({ spaced: { marginTop: tokens.spacingVerticalXXL } });

/**
 * The organisation's meeting policy, for its administrators: who bypasses the lobby (Teams' five
 * options), whether organisers may choose otherwise per meeting, whether people without an account
 * may join (to wait in the lobby), and who may present. "Use the hospital preset" fills in the
 * strict values; nothing is saved until "Save".
 */
export function MeetingPolicyForm({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { request } = useUserSession();
  const url = `/api/t/${encodeURIComponent(tenant)}/meeting-policy`;
  const loaded = useLoader((signal) => request<MeetingPolicyResponse>(url, { signal }));
  return (
    <section className={mergeClasses(form.card, styles.spaced)} aria-labelledby="meeting-policy">
      <h2 id="meeting-policy" className={form.legend}>
        {t("meetingPolicy.heading")}
      </h2>
      <p className={form.help}>{t("meetingPolicy.help")}</p>
      <ErrorMessage error={loaded.error} />
      {loaded.data && <PolicyFields url={url} initial={loaded.data.policy} />}
    </section>
  );
}

function PolicyFields({ url, initial }: { url: string; initial: MeetingPolicy }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const { request } = useUserSession();
  const { notice, failure, attempt } = useActionMessages();
  const [draft, setDraft] = useState<MeetingPolicy>(initial);

  const save = () =>
    attempt(async () => {
      const saved = await request<MeetingPolicyResponse>(url, { method: "PUT", body: draft });
      setDraft(saved.policy);
      return t("meetingPolicy.saved");
    });

  return (
    <form
      className={form.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <StatusMessage message={notice} />
      <ErrorMessage error={failure} />
      <Field label={t("meetingPolicy.lobbyBypass")} hint={t("meetingPolicy.lobbyBypassHint")}>
        <RadioGroup
          value={draft.lobbyBypass}
          onChange={(_e, d) => setDraft({ ...draft, lobbyBypass: d.value as LobbyBypass })}
        >
          {LOBBY_BYPASS_OPTIONS.map((option) => (
            <Radio key={option} value={option} label={t(`meetingPolicy.bypass.${option}`)} />
          ))}
        </RadioGroup>
      </Field>
      <Checkbox
        label={t("meetingPolicy.organizersMayChangeBypass")}
        checked={draft.organizersMayChangeBypass}
        onChange={(_e, d) => setDraft({ ...draft, organizersMayChangeBypass: d.checked === true })}
      />
      <Checkbox
        label={t("meetingPolicy.anonymousJoin")}
        checked={draft.anonymousJoin}
        onChange={(_e, d) => setDraft({ ...draft, anonymousJoin: d.checked === true })}
      />
      <Field label={t("meetingPolicy.whoMayPresent")}>
        <RadioGroup
          value={draft.whoMayPresent}
          onChange={(_e, d) => setDraft({ ...draft, whoMayPresent: d.value as WhoMayPresent })}
        >
          {WHO_MAY_PRESENT.map((who) => (
            <Radio key={who} value={who} label={t(`meetingPolicy.presenters.${who}`)} />
          ))}
        </RadioGroup>
      </Field>
      <div className={form.actions}>
        <Button type="submit" appearance="primary">
          {t("meetingPolicy.save")}
        </Button>
        <Button onClick={() => setDraft(HOSPITAL_MEETING_POLICY)}>
          {t("meetingPolicy.hospitalPreset")}
        </Button>
      </div>
    </form>
  );
}
