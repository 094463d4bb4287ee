import { useEffect, useState } from "react";
import {
  Dialog,
  DialogSurface,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  LOBBY_BYPASS_OPTIONS,
  MEETING_LIMITS,
  type LobbyBypass,
  type Meeting,
  type MeetingPolicy,
  type Person,
  type SensitivityLabel,
} from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { FormDialogBody } from "../../components/FormDialogBody.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { checkRequired, compact, validation } from "../../forms.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import { DURATIONS, meetingTimes, nextHalfHour } from "../../meetings/schedule.ts";
import { useSubmission } from "../../useSubmission.ts";
import { PeoplePicker } from "../teams/PeoplePicker.tsx";
import { useDurationText } from "./meetingWords.ts";
import { useConversations } from "./useConversations.ts";

const FIELDS = [
  "title",
  "date",
  "time",
  "coOrganizerIds",
  "inviteeIds",
  "channelId",
  "labelId",
  "lobbyBypass",
] as const;
type ScheduleField = (typeof FIELDS)[number];

const useStyles = makeStyles({
  when: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(9rem, 1fr))",
    gap: tokens.spacingHorizontalM,
  },
});

/** The organisation's sensitivity labels (none when it has none, or they cannot be read). */
function useLabels(people: ChatApi): SensitivityLabel[] {
  const [labels, setLabels] = useState<SensitivityLabel[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    people.labels(controller.signal).then(
      (reply) => setLabels(reply.labels),
      () => undefined,
    );
    return () => controller.abort();
  }, [people]);
  return labels;
}

/** The organisation's meeting policy, or null while unknown (or unreadable: a guest). */
function usePolicy(api: MeetingApi): MeetingPolicy | null {
  const [policy, setPolicy] = useState<MeetingPolicy | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api.policy(controller.signal).then(
      (reply) => setPolicy(reply.policy),
      () => undefined,
    );
    return () => controller.abort();
  }, [api]);
  return policy;
}

/** The radio value of "as the organisation has set it" (the API's null). */
const DEFAULT = "default";

/**
 * Schedules a meeting: title, date, start time and duration (in the viewer's own time zone),
 * co-organisers (people of the organisation, no guests: they run the meeting too; someone
 * chosen as co-organiser leaves the invitees), invitees, the channel or chat it belongs to (announced there, its members invited), a
 * sensitivity label (when the organisation has labels), and who bypasses the lobby — Teams' five options in words, or the organisation's own
 * setting. Where the organisation does not let organisers choose, the server keeps its option and
 * the page says so.
 */
export function ScheduleMeetingDialog({
  api,
  people,
  meId,
  onScheduled,
  onClose,
}: {
  api: MeetingApi;
  people: ChatApi;
  /** The organiser (chats are named by the other people in them). */
  meId: string;
  onScheduled: (meeting: Meeting, chosen: LobbyBypass | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const durationText = useDurationText();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const [start] = useState(() => nextHalfHour(new Date()));
  const [form, setForm] = useState({
    title: "",
    date: start.date,
    time: start.time,
    minutes: 60,
    bypass: DEFAULT as LobbyBypass | typeof DEFAULT,
  });
  const [coOrganizers, setCoOrganizers] = useState<Person[]>([]);
  const [invitees, setInvitees] = useState<Person[]>([]);
  const [labelId, setLabelId] = useState("");
  const labelChoices = useLabels(people);
  const policy = usePolicy(api);
  // The administrators locked the lobby option: the organisation's applies, whatever is chosen.
  const locked = policy?.organizersMayChangeBypass === false;
  const [channelId, setChannelId] = useState("");
  const conversations = useConversations(people, meId);
  const labels: Record<ScheduleField, string> = {
    title: t("meetings.schedule.name"),
    date: t("meetings.schedule.date"),
    time: t("meetings.schedule.start"),
    coOrganizerIds: t("meetings.schedule.coOrganizers"),
    inviteeIds: t("meetings.schedule.invitees"),
    channelId: t("meetings.schedule.channel"),
    labelId: t("meetings.schedule.label"),
    lobbyBypass: t("meetings.bypass.label"),
  };
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  /** What the server would refuse of the co-organisers (guests, too many), in words. */
  function coOrganizerProblem(): string | undefined {
    const guests = coOrganizers.filter((person) => person.guest);
    if (guests.length > 0)
      return t("meetings.schedule.coOrganizerGuest", {
        names: guests.map((person) => person.displayName).join(", "),
      });
    if (coOrganizers.length > MEETING_LIMITS.coOrganizersMax)
      return t("meetings.schedule.coOrganizersTooMany", { max: MEETING_LIMITS.coOrganizersMax });
    return undefined;
  }

  /** A co-organiser is invited as such: they leave the invitees. */
  function chooseCoOrganizers(people: Person[]): void {
    setCoOrganizers(people);
    setInvitees((current) => current.filter((person) => !people.some((p) => p.id === person.id)));
  }

  async function submit(): Promise<void> {
    const times = meetingTimes(form.date, form.time, form.minutes);
    const problems = compact<ScheduleField>({
      title: checkRequired(t, form.title),
      date: times ? undefined : t("meetings.schedule.timeInvalid"),
      coOrganizerIds: coOrganizerProblem(),
    });
    if (!check(problems) || !times) return;
    const lobbyBypass = form.bypass === DEFAULT || locked ? null : form.bypass;
    await send(async () => {
      const { meeting } = await api.schedule({
        title: form.title.trim(),
        ...times,
        coOrganizerIds: coOrganizers.map((person) => person.id),
        inviteeIds: invitees.map((person) => person.id),
        lobbyBypass,
        labelId: labelId || null,
        channelId: channelId || null,
      });
      onScheduled(meeting, lobbyBypass);
    });
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <FormDialogBody
          title={t("meetings.schedule.title")}
          submitLabel={t("meetings.schedule.submit")}
          formRef={formRef}
          busy={busy}
          onSubmit={submit}
          onCancel={onClose}
        >
          <Field label={labels.title} required {...validation(errors.title)}>
            <Input
              value={form.title}
              maxLength={MEETING_LIMITS.titleMax}
              onChange={(_e, data) => setForm({ ...form, title: data.value })}
            />
          </Field>
          <div className={styles.when}>
            <Field label={labels.date} required {...validation(errors.date)}>
              <Input
                type="date"
                value={form.date}
                onChange={(_e, data) => setForm({ ...form, date: data.value })}
              />
            </Field>
            <Field label={labels.time} required {...validation(errors.time)}>
              <Input
                type="time"
                value={form.time}
                onChange={(_e, data) => setForm({ ...form, time: data.value })}
              />
            </Field>
            <Field label={t("meetings.schedule.duration")}>
              <Select
                value={String(form.minutes)}
                onChange={(_e, data) => setForm({ ...form, minutes: Number(data.value) })}
              >
                {DURATIONS.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {durationText(minutes)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <p className={formStyles.help}>{t("meetings.schedule.zoneNote", { zone })}</p>
          <PeoplePicker
            api={people}
            label={labels.coOrganizerIds}
            chosen={coOrganizers}
            onChange={chooseCoOrganizers}
            required={false}
            error={errors.coOrganizerIds}
            hint={t("meetings.schedule.coOrganizersHint")}
            offered={(person) => !person.guest && person.id !== meId}
          />
          <PeoplePicker
            api={people}
            label={labels.inviteeIds}
            chosen={invitees}
            onChange={setInvitees}
            required={false}
            error={errors.inviteeIds}
            hint={t("meetings.schedule.inviteesHint")}
            offered={(person) =>
              person.id !== meId && !coOrganizers.some((chosen) => chosen.id === person.id)
            }
          />
          {(conversations.teams.length > 0 || conversations.chats.length > 0) && (
            <Field label={labels.channelId} hint={t("meetings.schedule.channelHint")}>
              <Select value={channelId} onChange={(_e, data) => setChannelId(data.value)}>
                <option value="">{t("meetings.schedule.noChannel")}</option>
                {conversations.teams.map((team) => (
                  <optgroup key={team.id} label={team.name}>
                    {team.channels.map((channel) => (
                      <option key={channel.id} value={channel.id}>
                        {channel.title}
                      </option>
                    ))}
                  </optgroup>
                ))}
                {conversations.chats.length > 0 && (
                  <optgroup label={t("meetings.schedule.chats")}>
                    {conversations.chats.map((chat) => (
                      <option key={chat.id} value={chat.id}>
                        {chat.title}
                      </option>
                    ))}
                  </optgroup>
                )}
              </Select>
            </Field>
          )}
          {labelChoices.length > 0 && (
            <Field label={labels.labelId} hint={t("meetings.schedule.labelHint")}>
              <Select value={labelId} onChange={(_e, data) => setLabelId(data.value)}>
                <option value="">{t("labels.none")}</option>
                {labelChoices.map((label) => (
                  <option key={label.id} value={label.id}>
                    {label.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <Field
            label={labels.lobbyBypass}
            hint={locked ? t("meetings.bypass.lockedHint") : t("meetings.bypass.hint")}
          >
            <RadioGroup
              value={locked ? DEFAULT : form.bypass}
              onChange={(_e, data) =>
                setForm({ ...form, bypass: data.value as LobbyBypass | typeof DEFAULT })
              }
            >
              <Radio
                value={DEFAULT}
                label={
                  policy
                    ? t("meetings.bypass.defaultIs", {
                        option: t(`meetings.bypass.${policy.lobbyBypass}`),
                      })
                    : t("meetings.bypass.default")
                }
              />
              {LOBBY_BYPASS_OPTIONS.map((option) => (
                <Radio
                  key={option}
                  value={option}
                  disabled={locked}
                  label={t(`meetings.bypass.${option}`)}
                />
              ))}
            </RadioGroup>
          </Field>
          <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
        </FormDialogBody>
      </DialogSurface>
    </Dialog>
  );
}
