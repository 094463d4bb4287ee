import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ArrowUpRegular } from "@fluentui/react-icons";
import type { Message } from "@engawa/shared";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  list: { listStyleType: "none", margin: 0, padding: 0 },
  /** A channel reads upwards from the composer: few messages sit at the bottom, not the top. */
  atBottom: { marginTop: "auto" },
  older: { alignSelf: "center" },
  empty: { margin: "auto", color: tokens.colorNeutralForeground2, textAlign: "center" },
});

/** How close to the bottom (px) still counts as "reading the newest": new messages scroll in. */
const NEAR_BOTTOM = 96;

/**
 * A scrolling column of messages, newest at the bottom, as a live log (new messages are
 * announced by screen readers). It opens at the newest; a new message scrolls into view only if
 * the reader was already at the bottom; older pages load at the top on request and keep what
 * was on screen in place. The column itself takes focus so it can be scrolled from the keyboard.
 */
export function MessageList({
  label,
  messages,
  hasOlder,
  olderLabel,
  onLoadOlder,
  emptyText,
  anchorBottom = true,
  renderItem,
}: {
  label: string;
  messages: readonly Message[];
  hasOlder: boolean;
  olderLabel: string;
  onLoadOlder: () => Promise<void>;
  emptyText: string | null;
  /** Keep short lists at the bottom (a channel); a thread's replies start under their message. */
  anchorBottom?: boolean;
  renderItem: (message: Message) => ReactNode;
}) {
  const styles = useStyles();
  const box = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const previous = useRef<{ firstId?: string; lastId?: string; height: number }>({ height: 0 });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const firstId = messages[0]?.id;
    const lastId = messages.at(-1)?.id;
    const before = previous.current;
    const prepended =
      before.firstId !== undefined && firstId !== before.firstId && lastId === before.lastId;
    if (prepended) element.scrollTop += element.scrollHeight - before.height;
    else if (nearBottom.current) element.scrollTop = element.scrollHeight;
    previous.current = { firstId, lastId, height: element.scrollHeight };
  }, [messages]);

  async function older(): Promise<void> {
    setLoadingOlder(true);
    setFailure(null);
    try {
      await onLoadOlder();
    } catch (error) {
      setFailure(error);
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <div
      ref={box}
      role="log"
      aria-label={label}
      tabIndex={0}
      className={styles.scroller}
      onScroll={(event) => {
        const element = event.currentTarget;
        nearBottom.current =
          element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM;
      }}
    >
      {hasOlder && (
        <Button
          className={styles.older}
          size="small"
          icon={<ArrowUpRegular />}
          disabled={loadingOlder}
          onClick={() => void older()}
        >
          {olderLabel}
        </Button>
      )}
      <ErrorMessage error={failure} />
      {emptyText && messages.length === 0 && <p className={styles.empty}>{emptyText}</p>}
      <ol className={mergeClasses(styles.list, anchorBottom && styles.atBottom)}>
        {messages.map(renderItem)}
      </ol>
    </div>
  );
}
