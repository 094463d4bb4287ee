import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { PeopleTeamRegular, PersonRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MentionCandidate } from "../../chat/mentions.ts";

const useStyles = makeStyles({
  list: {
    position: "absolute",
    bottom: "100%",
    left: 0,
    zIndex: 10,
    minWidth: "240px",
    maxWidth: "100%",
    margin: `0 0 ${tokens.spacingVerticalXXS}`,
    padding: tokens.spacingVerticalXXS,
    listStyle: "none",
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow16,
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
  note: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * The suggestions after "@": a listbox the text box points at (aria-activedescendant), so focus
 * stays in the box and screen readers announce the highlighted option. Picked with the keyboard
 * (arrows, Enter or Tab) or the mouse; the mouse does not take focus from the box.
 */
export function MentionPicker({
  id,
  candidates,
  active,
  onChoose,
}: {
  id: string;
  candidates: readonly MentionCandidate[];
  active: number;
  onChoose: (candidate: MentionCandidate) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <ul id={id} role="listbox" aria-label={t("chat.mention.listLabel")} className={styles.list}>
      {candidates.map((candidate, index) => (
        <li
          key={candidate.kind === "user" ? candidate.userId : "channel"}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === active}
          className={mergeClasses(styles.option, index === active && styles.active)}
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(candidate);
          }}
        >
          {candidate.kind === "user" ? (
            <>
              <PersonRegular aria-hidden />
              <span>{candidate.displayName}</span>
              {candidate.guest && <span className={styles.note}>{t("chat.mention.guest")}</span>}
            </>
          ) : (
            <>
              <PeopleTeamRegular aria-hidden />
              <span>@{t("chat.mention.channelWord")}</span>
              <span className={styles.note}>{t("chat.mention.channelNote")}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
