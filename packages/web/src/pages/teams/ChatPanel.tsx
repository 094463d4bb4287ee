import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import type { TFunction } from "i18next";
import { usePanelStyles } from "./panelStyles.ts";

/** Where a message was posted, as the chat page's panels name it. */
export interface ChannelPlace {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
}

/**
 * "General in Nursing" for a team's channel, the chat's name (its topic or people; or "Chat")
 * otherwise. `title` is the channel's name in the reader's language ("General" translated), or
 * the chat's as the list shows it.
 */
export function placeOf(t: TFunction, channel: ChannelPlace, title: string): string {
  return channel.teamName
    ? t("activity.where", { channel: title, team: channel.teamName })
    : title || channel.name || t("activity.chat");
}

/**
 * A panel above the chat (Activity, search results; not a modal, so the chat stays usable): a
 * labelled region whose heading takes focus when it opens (and when `focusKey` changes), with its
 * own buttons and a Close button; Escape anywhere inside closes it.
 */
export function ChatPanel({
  id,
  heading,
  focusKey,
  actions,
  closeLabel,
  onClose,
  children,
}: {
  id: string;
  heading: string;
  focusKey?: string;
  actions?: ReactNode;
  closeLabel: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const styles = usePanelStyles();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [focusKey]);
  return (
    <section
      id={id}
      aria-labelledby={`${id}-heading`}
      className={styles.panel}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        onClose();
      }}
    >
      <div className={styles.panelTop}>
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className={styles.panelHeading}>
          {heading}
        </h2>
        {actions}
        <Button icon={<DismissRegular />} onClick={onClose}>
          {closeLabel}
        </Button>
      </div>
      {children}
    </section>
  );
}
