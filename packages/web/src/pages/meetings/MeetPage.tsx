import { useEffect, useMemo, useState } from "react";
import { Button } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { rememberReturn, signInThenBackTo } from "../../api/afterSignIn.ts";
import { stepPath } from "../../api/mfa.ts";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { AppShell } from "../../components/AppShell.tsx";
import { ErrorPage, LoadingPage } from "../../components/ErrorPage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { PageHeading } from "../../components/PageHeading.tsx";
import { PublicShell } from "../../components/PublicShell.tsx";
import { RouterButtonLink } from "../../components/RouterLink.tsx";
import { meetingApi } from "../../meetings/meetingApi.ts";
import { useLocalMedia, useMeetingSession } from "../../meetings/useMeeting.ts";
import { navigate } from "../../router.ts";
import { AnonymousMeeting } from "./AnonymousMeet.tsx";
import { MeetingPhaseView } from "./MeetingPhaseView.tsx";
import { PreJoin } from "./PreJoin.tsx";

/**
 * The join link's page, `/t/<organisation>/meet/<code>`. Signed in to that organisation: the
 * meeting (pre-join, lobby, stage). Signed out: why one must sign in, and a sign-in link that
 * comes back here, or joining without an account (a name, the lobby, then the stage:
 * AnonymousMeet.tsx). Signed in elsewhere: which organisation the meeting belongs to.
 */
export function MeetPage({ slug, code }: { slug: string; code: string }) {
  const { state, reload } = useUserSession();
  const [error, setError] = useState<unknown>(null);
  const here = `/t/${encodeURIComponent(slug)}/meet/${encodeURIComponent(code)}`;
  useEffect(() => {
    if (state.status === "unknown") reload().catch(setError);
  }, [state.status, reload]);
  const me = state.status === "signedIn" ? state.me : null;
  const step = me ? stepPath(me) : null;
  useEffect(() => {
    // A sign-in step still due (second factor, new password): do it, then come back here.
    if (!step) return;
    rememberReturn(here);
    navigate(step, { replace: true });
  }, [step, here]);
  const [attempt, setAttempt] = useState(0);
  const [anonymous, setAnonymous] = useState(false);

  if (error) return <ErrorPage error={error} />;
  if (state.status === "signedOut" && anonymous)
    return (
      <PublicShell width="wide">
        <AnonymousMeeting
          key={attempt}
          slug={slug}
          code={code}
          onRejoin={() => setAttempt((value) => value + 1)}
        />
      </PublicShell>
    );
  if (state.status === "signedOut")
    return <SignInToJoin slug={slug} here={here} onAnonymous={() => setAnonymous(true)} />;
  if (!me || step) return <LoadingPage />;
  if (me.tenant.slug !== slug) return <SignInToJoin slug={slug} here={here} current={me} />;
  return (
    <AppShell me={me} current="meetings" fill>
      <MeetingFlow
        key={attempt}
        me={me}
        code={code}
        onRejoin={() => setAttempt((value) => value + 1)}
      />
    </AppShell>
  );
}

/** Not signed in to the meeting's organisation: say so, and offer to sign in and come back. */
function SignInToJoin({
  slug,
  here,
  current,
  onAnonymous,
}: {
  slug: string;
  here: string;
  current?: MeResponse;
  /** Signed out: join without an account instead (the organisation may refuse it). */
  onAnonymous?: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  return (
    <PublicShell>
      <PageHeading>
        {current ? t("meetings.join.otherOrgTitle") : t("meetings.join.signInTitle")}
      </PageHeading>
      <div className={form.card}>
        <p className={form.help}>
          {current
            ? t("meetings.join.otherOrgBody", { current: current.tenant.name, slug })
            : t("meetings.join.signInBody", { slug })}
        </p>
        {onAnonymous && <p className={form.help}>{t("meetings.anonymous.offer")}</p>}
        <div className={form.actions}>
          <RouterButtonLink href={signInThenBackTo(here, slug)}>
            {current ? t("meetings.join.otherOrgSignIn", { slug }) : t("meetings.join.signIn")}
          </RouterButtonLink>
          {onAnonymous && (
            <Button appearance="secondary" onClick={onAnonymous}>
              {t("meetings.anonymous.choose")}
            </Button>
          )}
        </div>
      </div>
    </PublicShell>
  );
}

/** One attempt at the meeting: pre-join → (lobby) → stage → how it ended. */
function MeetingFlow({
  me,
  code,
  onRejoin,
}: {
  me: MeResponse;
  code: string;
  onRejoin: () => void;
}) {
  const { request, sessionEnded } = useUserSession();
  const api = useMemo(() => meetingApi(request, me.tenant.slug), [request, me.tenant.slug]);
  const { media, state: local } = useLocalMedia();
  const { session, state } = useMeetingSession(api, code, () => sessionEnded());
  // One's own meetings are known by their code: the pre-join screen can name them.
  const mine = useLoader((signal) => api.mine(signal));
  const title = mine.data?.meetings.find((meeting) => meeting.joinCode === code)?.title ?? null;
  return (
    <MeetingPhaseView
      api={api}
      session={session}
      state={state}
      media={media}
      local={local}
      selfName={me.user.displayName}
      onRejoin={onRejoin}
      preJoin={(busy) => (
        <PreJoin
          title={title}
          media={media}
          state={local}
          busy={busy}
          error={null}
          onJoin={() => void session.join()}
        />
      )}
    />
  );
}
