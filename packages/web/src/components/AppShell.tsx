import type { ReactNode } from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { isAdminRole, type MeResponse } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { LanguageMenu } from "./LanguageMenu.tsx";
import { SecurityBanners } from "./SecurityBanners.tsx";
import { RouterLink } from "./RouterLink.tsx";
import { SkipLink } from "./SkipLink.tsx";
import { StepUpDialog } from "./StepUpDialog.tsx";
import { useLayoutStyles } from "./layout.ts";

/** The organisation area's pages, as named in the navigation. */
export type AppSection =
  | "home"
  | "teams"
  | "meetings"
  | "security"
  | "users"
  | "audit"
  | "signIns"
  | "risk"
  | "conditionalAccess"
  | "settings"
  | "sso"
  | "provisioning"
  | "devices";

const SECTIONS: readonly { id: AppSection; href: string; adminOnly: boolean }[] = [
  { id: "home", href: "/", adminOnly: false },
  { id: "teams", href: "/teams", adminOnly: false },
  { id: "meetings", href: "/meetings", adminOnly: false },
  { id: "security", href: "/security", adminOnly: false },
  { id: "users", href: "/admin/users", adminOnly: true },
  { id: "audit", href: "/admin/audit", adminOnly: true },
  { id: "signIns", href: "/admin/sign-ins", adminOnly: true },
  { id: "devices", href: "/admin/devices", adminOnly: true },
  { id: "risk", href: "/admin/risk", adminOnly: true },
  { id: "conditionalAccess", href: "/admin/conditional-access", adminOnly: true },
  { id: "settings", href: "/admin/settings", adminOnly: true },
  { id: "sso", href: "/admin/sso", adminOnly: true },
  { id: "provisioning", href: "/admin/provisioning", adminOnly: true },
];

const useStyles = makeStyles({
  nav: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: `0 ${tokens.spacingHorizontalXL}`,
  },
  list: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXL,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  item: { display: "flex" },
  link: {
    display: "inline-block",
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: "3px solid transparent",
    color: tokens.colorNeutralForeground1,
    textDecorationLine: "none",
    ":hover": { textDecorationLine: "none", color: tokens.colorBrandForeground1 },
    "&[aria-current='page']": {
      borderBottomColor: tokens.colorBrandStroke1,
      fontWeight: tokens.fontWeightSemibold,
    },
  },
  org: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  /** A working surface (chat) fills the window: its own columns scroll, not the page. */
  fillPage: { display: "flex", flexDirection: "column", height: "100vh", minHeight: 0 },
  fillMain: {
    flexGrow: 1,
    minHeight: 0,
    maxWidth: "none",
    display: "flex",
    flexDirection: "column",
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
  },
});

/**
 * The frame of an organisation user's pages: who is signed in to which organisation, the
 * language menu, sign-out, and the navigation (admin entries only for owners and admins; the
 * server enforces the same rule). `fill` makes the page as tall as the window, for pages whose
 * columns scroll on their own (the chat).
 */
export function AppShell({
  me,
  current,
  fill = false,
  children,
}: {
  me: MeResponse;
  current: AppSection | null;
  fill?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const layout = useLayoutStyles();
  const styles = useStyles();
  const { signOut } = useUserSession();
  const admin = isAdminRole(me.user.role);
  return (
    <div className={mergeClasses(layout.page, fill && styles.fillPage)}>
      <SkipLink />
      <header className={layout.header}>
        <span className={layout.brand}>
          {t("app.name")}
          <span className={layout.brandSub} lang="ja">
            {t("app.nameJa")}
          </span>
        </span>
        <span className={styles.org}>{me.tenant.name}</span>
        <span className={layout.spacer} />
        <span className={layout.headerText}>
          {t("shell.signedInAs", { name: me.user.displayName, role: t(`roles.${me.user.role}`) })}
        </span>
        <LanguageMenu />
        <Button appearance="secondary" icon={<SignOutRegular />} onClick={() => void signOut()}>
          {t("common.signOut")}
        </Button>
      </header>
      <nav aria-label={t("shell.navLabel")} className={styles.nav}>
        <ul className={styles.list}>
          {SECTIONS.filter((section) => admin || !section.adminOnly).map((section) => (
            <li key={section.id} className={styles.item}>
              <RouterLink
                href={section.href}
                current={section.id === current}
                className={styles.link}
              >
                {t(`shell.${section.id}`)}
              </RouterLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className={mergeClasses(layout.main, fill && styles.fillMain)}>
        <SecurityBanners me={me} onSecurityPage={current === "security"} />
        {children}
      </main>
      <StepUpDialog me={me} />
    </div>
  );
}
