import { makeStyles, tokens } from "@fluentui/react-components";

/** Layout shared by the three shells (public, organisation, operator). */
export const useLayoutStyles = makeStyles({
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  spacer: { flexGrow: 1 },
  brand: {
    display: "flex",
    alignItems: "baseline",
    gap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForeground1,
  },
  brandSub: {
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground2,
  },
  headerText: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase300 },
  main: {
    boxSizing: "border-box",
    width: "100%",
    maxWidth: "1200px",
    margin: "0 auto",
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXL}`,
    ":focus": { outlineStyle: "none" },
  },
  narrow: { maxWidth: "560px" },
  medium: { maxWidth: "760px" },
  page: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground2 },
});

/** Vertical rhythm for forms and sections. */
export const useFormStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  section: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalL,
    margin: 0,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  legend: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    padding: `0 ${tokens.spacingHorizontalXS}`,
  },
  help: { margin: 0, color: tokens.colorNeutralForeground2 },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    alignItems: "center",
  },
  intro: { margin: `0 0 ${tokens.spacingVerticalL}`, color: tokens.colorNeutralForeground2 },
  /** Text for screen readers only (e.g. the name of an icon-only column). */
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
    border: 0,
  },
});

/** Pages that list records (users, organisations): the table, its frame and toolbar. */
export const useListStyles = makeStyles({
  table: { tableLayout: "auto" },
  nowrap: { whiteSpace: "nowrap" },
  toolbar: { display: "flex", justifyContent: "flex-end", marginBottom: tokens.spacingVerticalM },
  tableWrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
});
