import { makeStyles, tokens } from "@fluentui/react-components";

/** The look of the panels above the chat (Activity, search results): a bordered, scrolling list. */
export const usePanelStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    maxHeight: "40vh",
    // The chat below gives way, not the panel (the page is a column of fixed height).
    flexShrink: 0,
    overflowY: "auto",
    marginBottom: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  panelTop: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
  },
  panelHeading: {
    flexGrow: 1,
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  list: { listStyleType: "none", margin: 0, padding: 0 },
  entry: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalXXS,
    width: "100%",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    textAlign: "start",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  unread: { fontWeight: tokens.fontWeightSemibold },
  where: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  excerpt: {
    fontWeight: tokens.fontWeightRegular,
    overflowWrap: "anywhere",
    display: "-webkit-box",
    WebkitLineClamp: 2,
    WebkitBoxOrient: "vertical",
    overflow: "hidden",
  },
});
