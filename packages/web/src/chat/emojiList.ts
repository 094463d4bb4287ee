/**
 * The composer's emoji: 64 everyday ones (reactions, faces, gestures, work, food and weather a
 * Japanese workplace uses), chosen by hand from Unicode's emoji and shipped here, so nothing is
 * fetched. Each has a name in Japanese and English for screen readers and tooltips
 * (`emoji.names.<key>` in the i18n files; a key missing in either language fails to compile).
 */
export const COMPOSER_EMOJI = [
  { key: "thumbsUp", emoji: "👍" },
  { key: "thumbsDown", emoji: "👎" },
  { key: "ok", emoji: "👌" },
  { key: "clap", emoji: "👏" },
  { key: "pray", emoji: "🙏" },
  { key: "raisedHands", emoji: "🙌" },
  { key: "wave", emoji: "👋" },
  { key: "muscle", emoji: "💪" },
  { key: "pointUp", emoji: "☝️" },
  { key: "eyes", emoji: "👀" },
  { key: "smile", emoji: "😊" },
  { key: "grin", emoji: "😄" },
  { key: "joy", emoji: "😂" },
  { key: "sweatSmile", emoji: "😅" },
  { key: "wink", emoji: "😉" },
  { key: "heartEyes", emoji: "😍" },
  { key: "thinking", emoji: "🤔" },
  { key: "relieved", emoji: "😌" },
  { key: "neutral", emoji: "😐" },
  { key: "surprised", emoji: "😮" },
  { key: "sad", emoji: "😢" },
  { key: "sob", emoji: "😭" },
  { key: "angry", emoji: "😠" },
  { key: "tired", emoji: "😩" },
  { key: "sleepy", emoji: "😴" },
  { key: "mask", emoji: "😷" },
  { key: "hot", emoji: "🥵" },
  { key: "cold", emoji: "🥶" },
  { key: "party", emoji: "🥳" },
  { key: "sunglasses", emoji: "😎" },
  { key: "bow", emoji: "🙇" },
  { key: "ng", emoji: "🙅" },
  { key: "okGesture", emoji: "🙆" },
  { key: "heart", emoji: "❤️" },
  { key: "sparkles", emoji: "✨" },
  { key: "star", emoji: "⭐" },
  { key: "fire", emoji: "🔥" },
  { key: "hundred", emoji: "💯" },
  { key: "tada", emoji: "🎉" },
  { key: "gift", emoji: "🎁" },
  { key: "check", emoji: "✅" },
  { key: "cross", emoji: "❌" },
  { key: "warning", emoji: "⚠️" },
  { key: "question", emoji: "❓" },
  { key: "exclamation", emoji: "❗" },
  { key: "bulb", emoji: "💡" },
  { key: "memo", emoji: "📝" },
  { key: "calendar", emoji: "📅" },
  { key: "clock", emoji: "⏰" },
  { key: "phone", emoji: "📞" },
  { key: "mail", emoji: "📧" },
  { key: "pin", emoji: "📌" },
  { key: "rocket", emoji: "🚀" },
  { key: "coffee", emoji: "☕" },
  { key: "tea", emoji: "🍵" },
  { key: "bento", emoji: "🍱" },
  { key: "onigiri", emoji: "🍙" },
  { key: "cake", emoji: "🍰" },
  { key: "sun", emoji: "☀️" },
  { key: "rain", emoji: "☔" },
  { key: "sakura", emoji: "🌸" },
  { key: "hospital", emoji: "🏥" },
  { key: "pill", emoji: "💊" },
  { key: "car", emoji: "🚗" },
] as const;

export type EmojiKey = (typeof COMPOSER_EMOJI)[number]["key"];

/** How many emoji one row of the picker holds (arrow keys move by rows and columns). */
export const EMOJI_COLUMNS = 8;

/**
 * Where the arrow, Home and End keys move in a grid of `count` cells, `columns` wide: left and
 * right wrap to the previous or next row, up and down stay in the column (and stop at the edges),
 * Home and End go to the row's ends, Ctrl+Home and Ctrl+End to the first and last cell. Null for
 * any other key.
 */
export function gridMove(
  index: number,
  key: string,
  count: number,
  columns: number,
  ctrl = false,
): number | null {
  const rowStart = index - (index % columns);
  switch (key) {
    case "ArrowRight":
      return Math.min(index + 1, count - 1);
    case "ArrowLeft":
      return Math.max(index - 1, 0);
    case "ArrowDown":
      return index + columns < count ? index + columns : index;
    case "ArrowUp":
      return index - columns >= 0 ? index - columns : index;
    case "Home":
      return ctrl ? 0 : rowStart;
    case "End":
      return ctrl ? count - 1 : Math.min(rowStart + columns - 1, count - 1);
    default:
      return null;
  }
}

/** The text with `insert` put in place of the selection `start`–`end`, and where the caret goes. */
export function insertAtCaret(
  text: string,
  insert: string,
  start: number,
  end: number = start,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}
