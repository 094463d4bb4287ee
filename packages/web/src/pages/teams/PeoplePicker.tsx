import { useEffect, useId, useState } from "react";
import { Button, Field, Input, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { DismissRegular, PersonRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { Person } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";

/** Typing pauses this long before the server is asked (one request per pause, not per key). */
const SEARCH_DELAY_MS = 250;

const useStyles = makeStyles({
  box: { position: "relative" },
  list: {
    margin: `${tokens.spacingVerticalXXS} 0 0`,
    padding: tokens.spacingVerticalXXS,
    listStyle: "none",
    maxHeight: "14rem",
    overflowY: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  option: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusSmall,
    cursor: "pointer",
  },
  active: {
    backgroundColor: tokens.colorBrandBackground2,
    outline: `2px solid ${tokens.colorStrokeFocus2}`,
  },
  who: { display: "flex", flexDirection: "column", minWidth: 0 },
  email: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  note: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  chosen: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXS,
    margin: `${tokens.spacingVerticalXS} 0 0`,
    padding: 0,
    listStyle: "none",
  },
  hint: { margin: `${tokens.spacingVerticalXS} 0 0`, color: tokens.colorNeutralForeground2 },
});

/**
 * Type to find people, pick one or more. The text box is a combobox pointing at its listbox
 * (aria-activedescendant), so focus stays in the box: arrows move, Enter picks, Escape closes
 * the list; picked people are buttons that take them out again. The server decides whom one may
 * find (a guest: only people of their teams).
 */
export function PeoplePicker({
  api,
  label,
  chosen,
  onChange,
  error,
  required = true,
  hint,
  offered,
}: {
  api: ChatApi;
  label: string;
  chosen: readonly Person[];
  onChange: (people: Person[]) => void;
  /** The field's problem (e.g. nobody chosen yet). */
  error?: string | undefined;
  /** Whether someone must be chosen (a chat: yes; a meeting's invitees: no). */
  required?: boolean;
  /** The words under the box (default: how to pick people for a chat). */
  hint?: string | undefined;
  /** Which of the people found may be picked here (default: all; e.g. co-organisers: no guests). */
  offered?: ((person: Person) => boolean) | undefined;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const hidden = useFormStyles().visuallyHidden;
  const id = useId();
  const listId = `${id}-people`;
  const [text, setText] = useState("");
  const [found, setFound] = useState<Person[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const query = text.trim();
    if (!query) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.people(query, controller.signal).then(
        (reply) => {
          setFound(reply.people);
          setFailure(null);
          setActive(0);
          setOpen(true);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setFailure(error);
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [api, text]);

  // An emptied box shows nothing (an old answer may still be held).
  const shown = text.trim() ? found : null;
  const options = (shown ?? []).filter(
    (p) => !chosen.some((c) => c.id === p.id) && (offered?.(p) ?? true),
  );
  const showList = open && options.length > 0;
  const choose = (person: Person) => {
    onChange([...chosen, person]);
    setText("");
    setFound(null);
    setOpen(false);
  };
  let status = "";
  if (shown !== null)
    status =
      options.length > 0
        ? t("newChat.found", { count: options.length })
        : t("newChat.nobodyFound", { query: text.trim() });

  return (
    <div className={styles.box}>
      <Field
        label={label}
        required={required}
        validationMessage={error}
        validationState={error ? "error" : "none"}
      >
        <Input
          role="combobox"
          aria-expanded={showList}
          aria-controls={showList ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={showList ? `${listId}-${active}` : undefined}
          aria-describedby={`${id}-hint`}
          value={text}
          autoComplete="off"
          onChange={(_e, data) => {
            setText(data.value);
            setOpen(true);
          }}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" && options.length > 0) {
              event.preventDefault();
              setOpen(true);
              setActive((i) => (showList ? (i + 1) % options.length : 0));
            } else if (event.key === "ArrowUp" && showList) {
              event.preventDefault();
              setActive((i) => (i - 1 + options.length) % options.length);
            } else if (event.key === "Enter" && showList) {
              // Enter picks; it sends the form only when no list is open.
              event.preventDefault();
              const person = options[active];
              if (person) choose(person);
            } else if (event.key === "Escape" && showList) {
              // Closes the list, not the dialog.
              event.preventDefault();
              event.stopPropagation();
              setOpen(false);
            } else if (event.key === "Backspace" && text === "" && chosen.length > 0) {
              onChange(chosen.slice(0, -1));
            }
          }}
        />
      </Field>
      <p id={`${id}-hint`} className={styles.hint}>
        {hint ?? t("newChat.pickerHint")}
      </p>
      {showList && (
        <ul
          id={listId}
          role="listbox"
          aria-label={t("newChat.suggestions")}
          className={styles.list}
        >
          {options.map((person, index) => (
            <li
              key={person.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={mergeClasses(styles.option, index === active && styles.active)}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(person);
              }}
            >
              <PersonRegular aria-hidden />
              <span className={styles.who}>
                <span>
                  {person.displayName}
                  {person.guest && <span className={styles.note}> {t("newChat.guest")}</span>}
                </span>
                <span className={styles.email}>{person.email}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {/* Nobody found is shown; how many were found is only spoken (the list shows them). */}
      <div role="status" className={options.length > 0 ? hidden : styles.hint}>
        {status}
      </div>
      <ErrorMessage error={failure} />
      {chosen.length > 0 && (
        <ul className={styles.chosen} aria-label={t("newChat.chosen")}>
          {chosen.map((person) => (
            <li key={person.id}>
              <Button
                size="small"
                icon={<DismissRegular />}
                iconPosition="after"
                aria-label={t("newChat.remove", { name: person.displayName })}
                onClick={() => onChange(chosen.filter((c) => c.id !== person.id))}
              >
                {person.displayName}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
