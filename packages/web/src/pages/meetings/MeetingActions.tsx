import { useEffect, useRef } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  CalendarArrowDownRegular,
  CopyRegular,
  LinkRegular,
  PeopleListRegular,
  VideoRegular,
} from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { Meeting } from "@engawa/shared";
import { linkClickHandler } from "../../router.ts";
import { meetingLink, useInvitation } from "./meetingWords.ts";

const useStyles = makeStyles({
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  text: { minHeight: "10rem" },
});

/** Copies text with the Clipboard API; false where the browser refuses (plain http on a LAN). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A meeting's actions in the list: join, copy its link, copy a ready-to-send invitation (title,
 * time in the viewer's zone, link), download its .ics, and for its organisers and co-organisers
 * the attendance report. Each control's name says which meeting.
 * A copy the browser refuses opens the text selected, to copy by hand.
 */
export function MeetingActions({
  meeting,
  slug,
  icsHref,
  onCopied,
  onCopyByHand,
  onAttendance,
}: {
  meeting: Meeting;
  slug: string;
  icsHref: string;
  onCopied: (message: string) => void;
  onCopyByHand: (text: string) => void;
  /** Opens the attendance report; absent where the viewer may not read it. */
  onAttendance?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const invitation = useInvitation();
  const title = meeting.title;
  const joinPath = `/t/${encodeURIComponent(slug)}/meet/${encodeURIComponent(meeting.joinCode)}`;

  async function copy(text: string, done: string): Promise<void> {
    if (await copyText(text)) onCopied(done);
    else onCopyByHand(text);
  }

  return (
    <div className={styles.actions}>
      <Button
        as="a"
        href={joinPath}
        onClick={linkClickHandler(joinPath)}
        appearance="primary"
        icon={<VideoRegular />}
        aria-label={t("meetings.joinNamed", { title })}
      >
        {t("meetings.joinButton")}
      </Button>
      <Button
        icon={<LinkRegular />}
        aria-label={t("meetings.copyLinkNamed", { title })}
        onClick={() =>
          void copy(meetingLink(slug, meeting.joinCode), t("meetings.linkCopied", { title }))
        }
      >
        {t("meetings.copyLink")}
      </Button>
      <Button
        icon={<CopyRegular />}
        aria-label={t("meetings.copyInvitationNamed", { title })}
        onClick={() =>
          void copy(invitation(meeting, slug), t("meetings.invitationCopied", { title }))
        }
      >
        {t("meetings.copyInvitation")}
      </Button>
      <Button
        as="a"
        href={icsHref}
        download
        icon={<CalendarArrowDownRegular />}
        aria-label={t("meetings.downloadIcsNamed", { title })}
      >
        {t("meetings.downloadIcs")}
      </Button>
      {onAttendance && (
        <Button
          icon={<PeopleListRegular />}
          aria-label={t("meetings.attendance.openNamed", { title })}
          onClick={onAttendance}
        >
          {t("meetings.attendance.open")}
        </Button>
      )}
    </div>
  );
}

/** The text the browser would not copy, selected, to copy by hand. */
export function CopyByHandDialog({ text, onClose }: { text: string; onClose: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t("meetings.copyDialogTitle")}</DialogTitle>
          <DialogContent>
            <p>{t("meetings.copyByHand")}</p>
            <Field label={t("meetings.copyDialogText")}>
              <Textarea ref={ref} readOnly value={text} className={styles.text} resize="vertical" />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
