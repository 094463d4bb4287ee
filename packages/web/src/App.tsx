import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isAdminRole, type MeResponse, type OperatorMeResponse } from "@engawa/shared";
import { PASSWORD_CHANGE_PATH, SETUP_PATH, stepPath, VERIFY_PATH } from "./api/mfa.ts";
import { useRequiredOperator, useRequiredUser } from "./api/session.tsx";
import { AppShell, type AppSection } from "./components/AppShell.tsx";
import { StatusMessage } from "./components/ErrorMessage.tsx";
import { ErrorPage, LoadingPage } from "./components/ErrorPage.tsx";
import { OperatorShell } from "./components/OperatorShell.tsx";
import { PageHeading } from "./components/PageHeading.tsx";
import { AuditPage } from "./pages/admin/AuditPage.tsx";
import { ProvisioningPage } from "./pages/admin/ProvisioningPage.tsx";
import { SettingsPage } from "./pages/admin/SettingsPage.tsx";
import { SsoPage } from "./pages/admin/SsoPage.tsx";
import { UsersPage } from "./pages/admin/UsersPage.tsx";
import { RiskPage } from "./pages/admin/RiskPage.tsx";
import { ConditionalAccessPage } from "./pages/admin/ConditionalAccessPage.tsx";
import { SignInLogPage } from "./pages/admin/SignInLogPage.tsx";
import { DevicesPage } from "./pages/admin/DevicesPage.tsx";
import { ChangePasswordPage } from "./pages/ChangePasswordPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { InvitePage } from "./pages/InvitePage.tsx";
import { MeetPage } from "./pages/meetings/MeetPage.tsx";
import { MeetingsPage } from "./pages/meetings/MeetingsPage.tsx";
import { BadMeetingLinkPage, NotFoundPage } from "./pages/NotFoundPage.tsx";
import { OperatorConsolePage } from "./pages/operator/OperatorConsolePage.tsx";
import { OperatorSignInPage } from "./pages/operator/OperatorSignInPage.tsx";
import { SecurityPage } from "./pages/SecurityPage.tsx";
import { SecuritySetupPage } from "./pages/SecuritySetupPage.tsx";
import { SetupPage } from "./pages/SetupPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { TeamsPage } from "./pages/teams/TeamsPage.tsx";
import { VerifyPage } from "./pages/VerifyPage.tsx";
import { navigate, useLocation } from "./router.ts";

interface TenantRoute {
  section: AppSection;
  adminOnly: boolean;
  /** The page fills the window and scrolls its own columns (the chat). */
  fill?: boolean;
  render: (me: MeResponse) => ReactNode;
}

/** The organisation pages; admin pages are hidden from members (and refused by the server). */
const TENANT_ROUTES: Record<string, TenantRoute> = {
  "/": { section: "home", adminOnly: false, render: (me) => <HomePage me={me} /> },
  "/teams": {
    section: "teams",
    adminOnly: false,
    fill: true,
    render: (me) => <TeamsPage me={me} />,
  },
  "/meetings": {
    section: "meetings",
    adminOnly: false,
    render: (me) => <MeetingsPage me={me} />,
  },
  "/security": {
    section: "security",
    adminOnly: false,
    render: (me) => <SecurityPage me={me} />,
  },
  "/admin/users": { section: "users", adminOnly: true, render: (me) => <UsersPage me={me} /> },
  "/admin/audit": { section: "audit", adminOnly: true, render: (me) => <AuditPage me={me} /> },
  "/admin/sign-ins": {
    section: "signIns",
    adminOnly: true,
    render: (me) => <SignInLogPage me={me} />,
  },
  "/admin/devices": {
    section: "devices",
    adminOnly: true,
    render: (me) => <DevicesPage me={me} />,
  },
  "/admin/risk": { section: "risk", adminOnly: true, render: (me) => <RiskPage me={me} /> },
  "/admin/conditional-access": {
    section: "conditionalAccess",
    adminOnly: true,
    render: (me) => <ConditionalAccessPage me={me} />,
  },
  "/admin/settings": {
    section: "settings",
    adminOnly: true,
    render: (me) => <SettingsPage me={me} />,
  },
  "/admin/sso": { section: "sso", adminOnly: true, render: (me) => <SsoPage me={me} /> },
  "/admin/provisioning": {
    section: "provisioning",
    adminOnly: true,
    render: (me) => <ProvisioningPage me={me} />,
  },
};

function NoPermission() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t("shell.noPermissionTitle")}</PageHeading>
      <StatusMessage intent="warning" message={t("shell.noPermission")} />
    </>
  );
}

/**
 * An organisation page. A session with a sign-in step still due (second factor, a new password,
 * or setting up a second factor) sees none of them: it is sent to that step's page (the server refuses their data anyway).
 */
function TenantArea({ route }: { route: TenantRoute }) {
  const { me, error } = useRequiredUser();
  const step = me ? stepPath(me) : null;
  useEffect(() => {
    if (step) navigate(step, { replace: true });
  }, [step]);
  if (error) return <ErrorPage error={error} />;
  if (!me || step) return <LoadingPage />;
  const allowed = !route.adminOnly || isAdminRole(me.user.role);
  return (
    <AppShell me={me} current={route.section} fill={route.fill ?? false}>
      {allowed ? route.render(me) : <NoPermission />}
    </AppShell>
  );
}

function OperatorArea({ render }: { render: (me: OperatorMeResponse) => ReactNode }) {
  const { me, error } = useRequiredOperator();
  if (error) return <ErrorPage error={error} />;
  if (!me) return <LoadingPage />;
  return <OperatorShell me={me}>{render(me)}</OperatorShell>;
}

/**
 * The organisation page for a path, and the key it is mounted under: `/teams/:teamId/:channelId`
 * and `/chats/:chatId` are the one page with parameters, and it stays mounted (one live
 * connection) while moving between channels and chats.
 */
function tenantRouteFor(pathname: string): { key: string; route: TenantRoute } | null {
  const exact = TENANT_ROUTES[pathname];
  if (exact) return { key: pathname, route: exact };
  const teams = TENANT_ROUTES["/teams"];
  // Chats live on the same page (one live connection while moving between chats and channels).
  if (
    teams &&
    (pathname.startsWith("/teams/") || pathname === "/chats" || pathname.startsWith("/chats/"))
  )
    return { key: "/teams", route: teams };
  return null;
}

/** A meeting's join link: `/t/<organisation>/meet/<code>` (the code is 128 bits in base64url). */
const MEET_PATH = /^\/t\/([a-z0-9-]{2,32})\/meet\/([A-Za-z0-9_-]{22})$/;
/** Anything else under a join link's path: a link cut short or mistyped. */
const MEET_PATH_ANY = /^\/t\/[^/]+\/meet(\/.*)?$/;

/**
 * Picks the page for the current path. Each page is keyed by its location, so moving between
 * pages (or between two sign-in links) starts it afresh.
 */
export function App() {
  const { pathname, search } = useLocation();
  const key = `${pathname}${search}`;
  const tenant = tenantRouteFor(pathname);
  if (tenant) return <TenantArea key={tenant.key} route={tenant.route} />;
  const meet = MEET_PATH.exec(pathname);
  if (meet?.[1] && meet[2]) return <MeetPage key={pathname} slug={meet[1]} code={meet[2]} />;
  if (MEET_PATH_ANY.test(pathname)) return <BadMeetingLinkPage key={key} />;
  switch (pathname) {
    case "/setup":
      return <SetupPage key={key} />;
    case "/sign-in":
      return <SignInPage key={key} />;
    case VERIFY_PATH:
      return <VerifyPage key={key} />;
    case SETUP_PATH:
      return <SecuritySetupPage key={key} />;
    case PASSWORD_CHANGE_PATH:
      return <ChangePasswordPage key={key} />;
    case "/invite":
      return <InvitePage key={key} />;
    case "/operator/sign-in":
      return <OperatorSignInPage key={key} />;
    case "/operator":
      return <OperatorArea key={pathname} render={() => <OperatorConsolePage />} />;
    default:
      return <NotFoundPage key={key} />;
  }
}
