import { Field, Input } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { AnonymousKnockRequest } from "@engawa/shared";
import { apiRequest } from "../../api/client.ts";
import { anonymousDoor } from "../../meetings/anonymousDoor.ts";
import { meetingApi } from "../../meetings/meetingApi.ts";
import { useLocalMedia, useMeetingSession } from "../../meetings/useMeeting.ts";
import { MeetingPhaseView } from "./MeetingPhaseView.tsx";
import { PreJoin } from "./PreJoin.tsx";

const NAME_MAX = (AnonymousKnockRequest.properties.name as { maxLength?: number }).maxLength ?? 80;

/** What is wrong with a typed name, by the server's rules (null: nothing). */
export function nameProblem(name: string): "required" | "tooLong" | "invalid" | null {
  if (name.trim() === "") return "required";
  if (name.length > NAME_MAX) return "tooLong";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "invalid";
  return null;
}

/**
 * Joining without an account: the pre-join screen with a name field, then the lobby (the ticket
 * followed every few seconds), then the same stage as members — entered with the meeting cookie
 * the server sets once an organiser let them in. Refusals (not allowed by the organisation,
 * turned away, removed, ended) are said in words.
 */
export function AnonymousMeeting({
  slug,
  code,
  onRejoin,
}: {
  slug: string;
  code: string;
  onRejoin: () => void;
}) {
  const { t } = useTranslation();
  const api = useMemo(() => meetingApi(apiRequest, slug), [slug]);
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<ReturnType<typeof nameProblem>>(null);
  const [door] = useState(() => anonymousDoor(slug));
  const { media, state: local } = useLocalMedia();
  const { session, state } = useMeetingSession(api, code, () => undefined, door);
  const join = () => {
    const found = nameProblem(name);
    setProblem(found);
    if (found) return;
    door.named(name.trim());
    void session.join();
  };

  return (
    <MeetingPhaseView
      api={api}
      session={session}
      state={state}
      media={media}
      local={local}
      selfName={name.trim()}
      onRejoin={onRejoin}
      preJoin={(busy) => (
        <PreJoin
          title={null}
          media={media}
          state={local}
          busy={busy}
          error={null}
          onJoin={join}
          before={
            <Field
              label={t("meetings.anonymous.nameLabel")}
              hint={t("meetings.anonymous.nameHint", { max: NAME_MAX })}
              required
              validationMessage={problem ? t(`meetings.anonymous.name_${problem}`) : undefined}
            >
              <Input
                value={name}
                maxLength={NAME_MAX}
                autoComplete="name"
                onChange={(_e, data) => setName(data.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" && !event.nativeEvent.isComposing) join();
                }}
              />
            </Field>
          }
        />
      )}
    />
  );
}
