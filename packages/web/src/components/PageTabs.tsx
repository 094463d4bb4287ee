import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  tabs: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalM,
  },
});

/**
 * A page's views as WAI-ARIA tabs: arrow keys, Home and End move between tabs and select them.
 * Plain buttons: Fluent's TabList adds focusable aria-hidden focus guards that axe refuses.
 */
export function PageTabs<T extends string>({
  id,
  label,
  tabs,
  selected,
  onSelect,
  labelOf,
  children,
}: {
  /** Prefix of the tab and panel element ids. */
  id: string;
  label: string;
  tabs: readonly T[];
  selected: T;
  onSelect: (tab: T) => void;
  labelOf: (tab: T) => string;
  /** The selected tab's panel. */
  children: ReactNode;
}) {
  const styles = useStyles();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function move(event: KeyboardEvent): void {
    const index = tabs.indexOf(selected);
    const next =
      event.key === "ArrowRight"
        ? (index + 1) % tabs.length
        : event.key === "ArrowLeft"
          ? (index + tabs.length - 1) % tabs.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? tabs.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    onSelect(tabs[next]!);
    buttons.current[next]?.focus();
  }

  return (
    <>
      <div role="tablist" aria-label={label} className={styles.tabs} onKeyDown={move}>
        {tabs.map((value, index) => (
          <Button
            key={value}
            ref={(element: HTMLButtonElement | HTMLAnchorElement | null) => {
              buttons.current[index] = element instanceof HTMLButtonElement ? element : null;
            }}
            role="tab"
            id={`${id}-tab-${value}`}
            aria-selected={selected === value}
            aria-controls={`${id}-panel`}
            tabIndex={selected === value ? 0 : -1}
            appearance={selected === value ? "primary" : "subtle"}
            onClick={() => onSelect(value)}
          >
            {labelOf(value)}
          </Button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${selected}`}>
        {children}
      </div>
    </>
  );
}
