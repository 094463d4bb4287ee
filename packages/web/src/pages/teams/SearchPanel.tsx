import { useState } from "react";
import { Button, SearchBox, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { SearchResult } from "@engawa/shared";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { ChatPanel, placeOf } from "./ChatPanel.tsx";
import { usePanelStyles } from "./panelStyles.ts";
import { highlighted } from "../../chat/searchHighlights.ts";

const useStyles = makeStyles({
  mark: {
    backgroundColor: tokens.colorPaletteYellowBackground2,
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: { overflowWrap: "anywhere", whiteSpace: "pre-wrap" },
});

/** What a search shows: still running, failed, or its results (newest first). */
export interface SearchView {
  query: string;
  results: SearchResult[] | null;
  failure: unknown;
}

/**
 * Search results, a panel above the chat like the Activity feed: each message with where and when
 * it was posted and the words that matched marked. Only messages the person may read come back
 * (the server's rule). Choosing one opens its channel; Escape or Close closes the panel.
 */
export function SearchPanel({
  view,
  channelName,
  onOpen,
  onClose,
}: {
  view: SearchView;
  channelName: (result: SearchResult) => string;
  onOpen: (result: SearchResult) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = { ...usePanelStyles(), ...useStyles() };

  return (
    <ChatPanel
      id="search-panel"
      heading={t("search.resultsFor", { query: view.query })}
      focusKey={view.query}
      closeLabel={t("search.close")}
      onClose={onClose}
    >
      <ErrorMessage error={view.failure} overrides={{ invalid_value: t("search.needWord") }} />
      {view.results === null ? (
        !view.failure && <Loading />
      ) : view.results.length === 0 ? (
        <p role="status">{t("search.none")}</p>
      ) : (
        <ul className={styles.list} aria-label={t("search.listLabel")}>
          {view.results.map((result) => (
            <li key={result.message.id}>
              <Button appearance="subtle" className={styles.entry} onClick={() => onOpen(result)}>
                <span className={styles.where}>
                  {placeOf(t, result.channel, channelName(result))}
                  {" · "}
                  {result.message.author.displayName}
                  {" · "}
                  <DateTime value={result.message.createdAt} />
                </span>
                <span className={styles.body}>
                  {highlighted(result).map((part, index) =>
                    part.match ? (
                      <mark key={index} className={styles.mark}>
                        {part.text}
                      </mark>
                    ) : (
                      part.text
                    ),
                  )}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </ChatPanel>
  );
}

/** The chat page's search box: a labelled search landmark; Enter or the button searches. */
export function SearchForm({ onSearch }: { onSearch: (query: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  return (
    <form
      role="search"
      aria-label={t("search.label")}
      onSubmit={(event) => {
        event.preventDefault();
        if (query.trim()) onSearch(query.trim());
      }}
    >
      <SearchBox
        aria-label={t("search.label")}
        placeholder={t("search.placeholder")}
        value={query}
        maxLength={200}
        onChange={(_event, data) => setQuery(data.value)}
      />
    </form>
  );
}
