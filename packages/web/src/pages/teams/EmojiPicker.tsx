import { useEffect, useRef, useState, type RefObject } from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { COMPOSER_EMOJI, EMOJI_COLUMNS, gridMove } from "../../chat/emojiList.ts";

const useStyles = makeStyles({
  grid: {
    position: "absolute",
    bottom: "100%",
    left: 0,
    zIndex: 10,
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    margin: `0 0 ${tokens.spacingVerticalXXS}`,
    padding: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow16,
  },
  row: { display: "flex", gap: "2px" },
  emoji: {
    width: "32px",
    height: "32px",
    padding: 0,
    fontSize: "20px",
    lineHeight: "32px",
    textAlign: "center",
    cursor: "pointer",
    backgroundColor: "transparent",
    border: "none",
    borderRadius: tokens.borderRadiusSmall,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": {
      outline: `2px solid ${tokens.colorStrokeFocus2}`,
      backgroundColor: tokens.colorBrandBackground2,
    },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected },
});

const ROWS = Array.from({ length: Math.ceil(COMPOSER_EMOJI.length / EMOJI_COLUMNS) }, (_, row) =>
  COMPOSER_EMOJI.slice(row * EMOJI_COLUMNS, (row + 1) * EMOJI_COLUMNS),
);

/**
 * The composer's emoji: a grid (ARIA grid pattern) of common emoji, each named in the reader's
 * language. Focus goes to the first emoji when it opens and moves with the arrow keys (Home/End,
 * Ctrl+Home/End), one Tab stop for the whole grid; Enter or Space (or a click) inserts the emoji;
 * Escape closes it and returns to the text box; moving focus elsewhere closes it.
 */
export function EmojiPicker({
  id,
  toggle,
  onInsert,
  onClose,
}: {
  id: string;
  /** The button that opens the picker (focus moving to it does not close the picker twice). */
  toggle: RefObject<HTMLButtonElement | null>;
  onInsert: (emoji: string) => void;
  /** `toComposer`: focus goes back to the text box (Escape), otherwise it stays where it went. */
  onClose: (toComposer: boolean) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [active, setActive] = useState(0);
  const cells = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => cells.current[0]?.focus(), []);

  function move(index: number): void {
    setActive(index);
    cells.current[index]?.focus();
  }

  return (
    <div
      id={id}
      role="grid"
      aria-label={t("emoji.gridLabel")}
      className={styles.grid}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          event.stopPropagation();
          onClose(true);
          return;
        }
        if (event.key === "Enter" || event.key === " ") {
          // Handled here, not by the button's click: the key must not reach the text box.
          event.preventDefault();
          const chosen = COMPOSER_EMOJI[active];
          if (chosen) onInsert(chosen.emoji);
          return;
        }
        const next = gridMove(
          active,
          event.key,
          COMPOSER_EMOJI.length,
          EMOJI_COLUMNS,
          event.ctrlKey || event.metaKey,
        );
        if (next === null) return;
        event.preventDefault();
        move(next);
      }}
      onBlur={(event) => {
        const to = event.relatedTarget as Node | null;
        if (to && (event.currentTarget.contains(to) || toggle.current?.contains(to))) return;
        onClose(false);
      }}
    >
      {ROWS.map((row, r) => (
        <div key={r} role="row" className={styles.row}>
          {row.map((item, c) => {
            const index = r * EMOJI_COLUMNS + c;
            const name = t(`emoji.names.${item.key}`);
            return (
              <div key={item.key} role="gridcell">
                <button
                  ref={(element) => {
                    cells.current[index] = element;
                  }}
                  type="button"
                  tabIndex={index === active ? 0 : -1}
                  aria-label={name}
                  title={name}
                  className={mergeClasses(styles.emoji, index === active && styles.active)}
                  onFocus={() => setActive(index)}
                  onClick={() => onInsert(item.emoji)}
                >
                  {item.emoji}
                </button>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
