import { useState } from "react";
import { Button, Field, Switch } from "@fluentui/react-components";
import { CallEndRegular, PeopleListRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { useFormStyles } from "../../components/layout.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import type { Room } from "../../meetings/meetingSession.ts";
import { AttendanceDialog } from "./AttendanceDialog.tsx";

/**
 * What organisers and co-organisers change while the meeting runs: lock it (nobody new gets in),
 * mute its attendees (they cannot unmute themselves), end it for everyone (after a confirmation),
 * and read the attendance report (who knocked, got in and left).
 * The room tells everyone the new state (`meeting.room`); the switches follow it.
 */
export function MeetingOptions({
  api,
  room,
  title,
  headingId,
  attempt,
}: {
  api: MeetingApi;
  room: Room;
  /** The meeting's title, for the attendance report. */
  title: string;
  headingId: string;
  attempt: (action: () => Promise<string | void>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const [ending, setEnding] = useState(false);
  const [reading, setReading] = useState(false);
  return (
    <section className={form.form} aria-labelledby={headingId}>
      <h2 id={headingId}>{t("meetings.panel.options")}</h2>
      <Field hint={t("meetings.panel.lockHint")}>
        <Switch
          label={t("meetings.panel.lock")}
          checked={room.locked}
          onChange={(_e, data) =>
            void attempt(async () => {
              await api.update(room.meetingId, { locked: data.checked });
              return data.checked ? t("meetings.panel.lockedNow") : t("meetings.panel.unlockedNow");
            })
          }
        />
      </Field>
      <Field hint={t("meetings.panel.muteAttendeesHint")}>
        <Switch
          label={t("meetings.panel.muteAttendees")}
          checked={room.attendeesMuted}
          onChange={(_e, data) =>
            void attempt(async () => {
              await api.update(room.meetingId, { attendeesMuted: data.checked });
              return data.checked ? t("meetings.panel.mutedNow") : t("meetings.panel.unmutedNow");
            })
          }
        />
      </Field>
      <div className={form.actions}>
        <Button icon={<PeopleListRegular />} onClick={() => setReading(true)}>
          {t("meetings.attendance.open")}
        </Button>
        <Button icon={<CallEndRegular />} onClick={() => setEnding(true)}>
          {t("meetings.panel.end")}
        </Button>
      </div>
      {reading && (
        <AttendanceDialog
          api={api}
          meetingId={room.meetingId}
          title={title}
          onClose={() => setReading(false)}
        />
      )}
      {ending && (
        <ConfirmDialog
          title={t("meetings.panel.endTitle")}
          confirmLabel={t("meetings.panel.endConfirm")}
          onConfirm={async () => {
            await api.end(room.meetingId);
          }}
          onClose={() => setEnding(false)}
        >
          <p>{t("meetings.panel.endBody")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
