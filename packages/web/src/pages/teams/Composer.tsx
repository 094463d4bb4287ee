import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import {
  Button,
  Field,
  Textarea,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { AttachRegular, EmojiRegular, SendRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { COLLAB_LIMITS, type MentionsInput } from "@engawa/shared";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import {
  activeMentionQuery,
  insertMention,
  mentionCandidates,
  mentionsToSend,
  type ChannelMember,
  type MentionCandidate,
} from "../../chat/mentions.ts";
import { insertAtCaret } from "../../chat/emojiList.ts";
import { EmojiPicker } from "./EmojiPicker.tsx";
import { MentionPicker } from "./MentionPicker.tsx";
import type { PendingFiles } from "../../chat/usePendingFiles.ts";
import { PendingAttachments } from "./Attachments.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  row: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  field: { flexGrow: 1 },
  textarea: { width: "100%" },
  hint: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  boxAndPicker: { position: "relative" },
  emoji: { position: "relative" },
});

/**
 * Whether a key press should send: Enter alone sends, Shift+Enter is a new line, and Enter that
 * confirms a Japanese input method's conversion (`isComposing`, or key code 229 in some
 * browsers) never sends half-typed text.
 */
export function isSendKey(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
  if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey)
    return false;
  return !(event.nativeEvent.isComposing || event.keyCode === 229);
}

/**
 * Writes a message or a reply: a labelled text area (the label may be visually hidden, never
 * missing) with the keys explained beside it, and a Send button for those who prefer it. Sending
 * empties the box at once; a message the server refuses comes back into it with the reason, so a
 * failure loses nothing; focus stays in the box after sending.
 * With `files`, an Attach button (a real button, so keyboard users reach it) adds files, which
 * upload at once and go with the message; Send waits until they are all uploaded. The emoji button
 * opens a grid of common emoji; the one chosen goes in at the caret (replacing any selection).
 */
export function Composer({
  label,
  placeholder,
  members,
  onMentionStart,
  onTyped,
  meId,
  onSend,
  files,
  maxBytes = null,
}: {
  label: string;
  placeholder: string;
  /** Who can read the channel (offered after "@"); null while loading or unavailable. */
  members: readonly ChannelMember[] | null;
  /** A mention was started: the list of people is read again. */
  onMentionStart: () => void;
  /** The text changed (the channel's other readers may be told one is typing). */
  onTyped?: () => void;
  meId: string;
  onSend: (
    body: string,
    attachments: string[],
    mentions: MentionsInput | undefined,
  ) => Promise<void>;
  files?: PendingFiles;
  maxBytes?: number | null;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const hidden = useFormStyles().visuallyHidden;
  const [body, setBody] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const pickerId = useId();
  /** The people picked from the list (id → name) and whether the channel was. */
  const [picked, setPicked] = useState<Map<string, string>>(() => new Map());
  const [channelPicked, setChannelPicked] = useState(false);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  /** Where the caret goes once a picked name is in the box (before the next key is typed). */
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    box.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [body]);

  const query = activeMentionQuery(body, caret);
  const candidates =
    query && members && dismissedAt !== query.start
      ? mentionCandidates(query.query, members, meId, [
          t("chat.mention.channelWord"),
          "channel",
          "チャネル",
        ])
      : [];
  const open = candidates.length > 0;
  const activeIndex = Math.min(active, candidates.length - 1);

  function choose(candidate: MentionCandidate): void {
    if (!query) return;
    const label = candidate.kind === "user" ? candidate.displayName : t("chat.mention.channelWord");
    const next = insertMention(body, query, label);
    if (candidate.kind === "user")
      setPicked((old) => new Map(old).set(candidate.userId, candidate.displayName));
    else setChannelPicked(true);
    setBody(next.text);
    setCaret(next.caret);
    setActive(0);
    pendingCaret.current = next.caret;
  }

  /** Arrow keys move through the suggestions, Enter or Tab picks one, Escape closes the list. */
  function pickerKey(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || event.nativeEvent.isComposing) return false;
    const last = candidates.length - 1;
    if (event.key === "ArrowDown") setActive(activeIndex >= last ? 0 : activeIndex + 1);
    else if (event.key === "ArrowUp") setActive(activeIndex <= 0 ? last : activeIndex - 1);
    else if (event.key === "Enter" || event.key === "Tab") {
      const candidate = candidates[activeIndex];
      if (candidate) choose(candidate);
    } else if (event.key === "Escape") setDismissedAt(query?.start ?? null);
    else return false;
    event.preventDefault();
    return true;
  }
  const picker = useRef<HTMLInputElement>(null);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const emojiId = useId();
  const [emojiOpen, setEmojiOpen] = useState(false);

  /** Puts the emoji where the caret was in the box (it keeps its selection while unfocused). */
  function insertEmoji(emoji: string): void {
    const element = box.current;
    const start = element?.selectionStart ?? body.length;
    const next = insertAtCaret(body, emoji, start, element?.selectionEnd ?? start);
    setBody(next.text);
    setCaret(next.caret);
    pendingCaret.current = next.caret;
    setEmojiOpen(false);
    onTyped?.();
    element?.focus();
  }
  const ready = files?.ready ?? [];

  /** Sends one after another, so messages typed quickly arrive in the order they were written. */
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [inFlight, setInFlight] = useState(0);

  /**
   * Empties the box at once, so the next message can be typed while this one is on its way, and
   * puts the text back (before anything typed since) if the server refuses it: nothing is lost.
   */
  function send(): void {
    if (files?.busy || (!body.trim() && ready.length === 0)) return;
    const text = body;
    const attachments = ready;
    const sentFiles = files?.files.filter((f) => f.uploaded) ?? [];
    const mentions = mentionsToSend(text, picked, channelPicked);
    const mentionState = { picked, channelPicked };
    setBody("");
    setPicked(new Map());
    setChannelPicked(false);
    if (attachments.length > 0) files?.clear();
    setFailure(null);
    setInFlight((count) => count + 1);
    queue.current = queue.current.then(async () => {
      try {
        await onSend(text, attachments, mentions);
      } catch (error) {
        setFailure(error);
        setBody((current) => (current ? `${text}\n${current}` : text));
        setPicked((current) => new Map([...mentionState.picked, ...current]));
        setChannelPicked((current) => current || mentionState.channelPicked);
        if (sentFiles.length > 0) files?.restore(sentFiles);
      } finally {
        setInFlight((count) => count - 1);
      }
    });
    box.current?.focus();
  }

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <ErrorMessage error={failure} />
      {files && (
        <PendingAttachments files={files.files} maxBytes={maxBytes} onRemove={files.remove} />
      )}
      <div className={styles.row}>
        {files && (
          <>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              tabIndex={-1}
              aria-hidden="true"
              data-testid="file-picker"
              onChange={(event) => {
                if (event.target.files) files.add(Array.from(event.target.files));
                event.target.value = "";
              }}
            />
            <Button
              icon={<AttachRegular />}
              aria-label={t("files.attach")}
              title={t("files.attach")}
              onClick={() => picker.current?.click()}
            />
          </>
        )}
        <div className={styles.emoji}>
          <Button
            ref={emojiButton}
            icon={<EmojiRegular />}
            aria-label={t("emoji.button")}
            title={t("emoji.button")}
            aria-haspopup="grid"
            aria-expanded={emojiOpen}
            aria-controls={emojiOpen ? emojiId : undefined}
            onClick={() => setEmojiOpen((open) => !open)}
          />
          {emojiOpen && (
            <EmojiPicker
              id={emojiId}
              toggle={emojiButton}
              onInsert={insertEmoji}
              onClose={(toComposer) => {
                setEmojiOpen(false);
                if (toComposer) box.current?.focus();
              }}
            />
          )}
        </div>
        <div className={mergeClasses(styles.field, styles.boxAndPicker)}>
          <Field label={{ children: label, className: hidden }}>
            <Textarea
              ref={box}
              className={styles.textarea}
              value={body}
              placeholder={placeholder}
              maxLength={COLLAB_LIMITS.messageMax}
              resize="vertical"
              aria-describedby={hintId}
              aria-autocomplete="list"
              aria-controls={open ? pickerId : undefined}
              aria-activedescendant={open ? `${pickerId}-${activeIndex}` : undefined}
              onChange={(_event, data) => {
                const nextCaret = box.current?.selectionStart ?? data.value.length;
                const started = activeMentionQuery(data.value, nextCaret);
                if (started && started.start !== query?.start) onMentionStart();
                setBody(data.value);
                if (data.value.trim()) onTyped?.();
                setCaret(nextCaret);
                setActive(0);
              }}
              onSelect={() => setCaret(box.current?.selectionStart ?? 0)}
              onKeyDown={(event) => {
                if (pickerKey(event) || !isSendKey(event)) return;
                event.preventDefault();
                send();
              }}
            />
          </Field>
          {open && (
            <MentionPicker
              id={pickerId}
              candidates={candidates}
              active={activeIndex}
              onChoose={(candidate) => {
                choose(candidate);
                box.current?.focus();
              }}
            />
          )}
        </div>
        <Button
          type="submit"
          appearance="primary"
          icon={<SendRegular />}
          disabled={files?.busy === true}
          aria-busy={inFlight > 0}
        >
          {t("chat.send")}
        </Button>
      </div>
      <p id={hintId} className={styles.hint}>
        {t("chat.composerHint")}
      </p>
    </form>
  );
}
