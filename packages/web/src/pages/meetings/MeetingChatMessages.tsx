import { makeStyles, tokens } from "@fluentui/react-components";
import type { MeetingChatMessage } from "@engawa/shared";
import { DateTime } from "../../components/DateTime.tsx";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: "auto 0 0", padding: 0, display: "grid", gap: "0.5rem" },
  header: { display: "flex", flexWrap: "wrap", alignItems: "baseline", columnGap: "0.5rem" },
  author: { fontWeight: tokens.fontWeightSemibold },
  time: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  body: { margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
});

/**
 * A meeting chat's messages, oldest first: who wrote each (as `authorOf` names them: "you" on the
 * stage) and when, in the viewer's zone. Shared by the stage's panel and the dialog that reads an
 * ended meeting's chat.
 */
export function MeetingChatMessages({
  messages,
  authorOf,
}: {
  messages: readonly MeetingChatMessage[];
  authorOf: (message: MeetingChatMessage) => string;
}) {
  const styles = useStyles();
  return (
    <ol className={styles.list}>
      {messages.map((message) => (
        <li key={message.id}>
          <div className={styles.header}>
            <span className={styles.author}>{authorOf(message)}</span>
            <span className={styles.time}>
              <DateTime value={message.createdAt} />
            </span>
          </div>
          <p className={styles.body}>{message.body}</p>
        </li>
      ))}
    </ol>
  );
}
