import { useState } from "react";
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  TableCell,
  TableRow,
} from "@fluentui/react-components";
import { MoreHorizontalRegular, PersonAddRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type {
  InvitationResponse,
  MeResponse,
  RevokedResponse,
  TemporaryPasswordResponse,
  UserListResponse,
  UserResponse,
  UserSummary,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { RoleBadge, StatusBadge } from "../../components/Badges.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DateTime, formatDateTime } from "../../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useListStyles } from "../../components/layout.ts";
import { LinkDialog } from "../../components/LinkCreated.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useActionMessages } from "../../useActionMessages.ts";
import { InviteDialog } from "./InviteDialog.tsx";
import { RoleDialog } from "./RoleDialog.tsx";

type Pending =
  | { kind: "role"; user: UserSummary }
  | { kind: "disable"; user: UserSummary }
  | { kind: "resetMfa"; user: UserSummary }
  | { kind: "resetPassword"; user: UserSummary }
  | { kind: "temporaryPassword"; user: UserSummary; password: string }
  | { kind: "signOut"; user: UserSummary }
  | { kind: "reportLeaked"; user: UserSummary }
  | { kind: "link"; user: UserSummary; url: string; expiresAt: string }
  | null;

/**
 * The organisation's users for owners and admins: invite, change role, disable and enable,
 * re-issue an invitation link, reset 2-step verification (for a user who lost their factors), give
 * a temporary password (changed at the next sign-in), sign a user out everywhere.
 * Actions the server would refuse (on oneself; an admin on an owner) are not offered.
 */
export function UsersPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useListStyles();
  const { request } = useUserSession();
  const base = `/api/t/${encodeURIComponent(me.tenant.slug)}/users`;
  const users = useLoader((signal) => request<UserListResponse>(base, { signal }));
  const [inviting, setInviting] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const canManage = (user: UserSummary) =>
    user.id !== me.user.id && (me.user.role === "owner" || user.role !== "owner");

  async function enable(user: UserSummary): Promise<void> {
    await attempt(async () => {
      await request<UserResponse>(`${base}/${user.id}/enable`, { method: "POST" });
      return t("users.enabled", { name: user.displayName });
    });
    users.reload();
  }

  const renew = (user: UserSummary) =>
    attempt(async () => {
      const result = await request<InvitationResponse>(`${base}/${user.id}/invitation`, {
        method: "POST",
      });
      setPending({ kind: "link", user, url: result.inviteUrl, expiresAt: result.expiresAt });
    });

  /** Extends a guest account by the organisation's guest period, from today. */
  async function renewGuest(user: UserSummary): Promise<void> {
    await attempt(async () => {
      const result = await request<UserResponse>(`${base}/${user.id}/guest-renewal`, {
        method: "POST",
      });
      return t("users.guestRenewed", {
        name: user.displayName,
        until: formatDateTime(result.user.accessExpiresAt ?? ""),
      });
    });
    users.reload();
  }

  return (
    <>
      <PageHeading>{t("users.title")}</PageHeading>
      <div className={styles.toolbar}>
        <Button appearance="primary" icon={<PersonAddRegular />} onClick={() => setInviting(true)}>
          {t("users.inviteOpen")}
        </Button>
      </div>
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? users.error} />
      <RecordTable
        label={t("users.tableLabel")}
        columns={[
          t("common.displayName"),
          t("common.email"),
          t("common.role"),
          t("common.status"),
          t("common.createdAt"),
          t("users.actions"),
        ]}
        loading={users.loading && !users.data}
        emptyText={users.data?.users.length === 0 ? t("users.empty") : null}
      >
        {(users.data?.users ?? []).map((user) => (
          <TableRow key={user.id}>
            <TableCell>
              {user.id === me.user.id
                ? t("users.nameYou", { name: user.displayName })
                : user.displayName}
            </TableCell>
            <TableCell>{user.email}</TableCell>
            <TableCell className={styles.nowrap}>
              <RoleBadge role={user.role} />
              {user.accessExpiresAt && (
                <div>
                  {t("users.guestUntil")} <DateTime value={user.accessExpiresAt} />
                </div>
              )}
            </TableCell>
            <TableCell className={styles.nowrap}>
              <StatusBadge status={user.status} />
            </TableCell>
            <TableCell className={styles.nowrap}>
              <DateTime value={user.createdAt} />
            </TableCell>
            <TableCell>
              {canManage(user) ? (
                <Menu>
                  <MenuTrigger disableButtonEnhancement>
                    <Button
                      appearance="subtle"
                      icon={<MoreHorizontalRegular />}
                      aria-label={t("users.actionsFor", { name: user.displayName })}
                    />
                  </MenuTrigger>
                  <MenuPopover>
                    <MenuList>
                      <MenuItem onClick={() => setPending({ kind: "role", user })}>
                        {t("users.changeRole")}
                      </MenuItem>
                      {user.status === "disabled" ? (
                        <MenuItem onClick={() => void enable(user)}>{t("users.enable")}</MenuItem>
                      ) : (
                        <MenuItem onClick={() => setPending({ kind: "disable", user })}>
                          {t("users.disable")}
                        </MenuItem>
                      )}
                      {user.status === "invited" && (
                        <MenuItem onClick={() => void renew(user)}>{t("users.renew")}</MenuItem>
                      )}
                      {user.role === "guest" && (
                        <MenuItem onClick={() => void renewGuest(user)}>
                          {t("users.renewGuest")}
                        </MenuItem>
                      )}
                      {user.status !== "invited" && (
                        <MenuItem onClick={() => setPending({ kind: "resetMfa", user })}>
                          {t("users.resetMfa")}
                        </MenuItem>
                      )}
                      {user.status === "active" && (
                        <MenuItem onClick={() => setPending({ kind: "resetPassword", user })}>
                          {t("users.resetPassword")}
                        </MenuItem>
                      )}
                      {user.status === "active" && (
                        <MenuItem onClick={() => setPending({ kind: "signOut", user })}>
                          {t("users.signOutEverywhere")}
                        </MenuItem>
                      )}
                      {user.status === "active" && (
                        <MenuItem onClick={() => setPending({ kind: "reportLeaked", user })}>
                          {t("risk.reportLeaked")}
                        </MenuItem>
                      )}
                    </MenuList>
                  </MenuPopover>
                </Menu>
              ) : (
                t("common.none")
              )}
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {inviting && (
        <InviteDialog
          slug={me.tenant.slug}
          canInviteOwner={me.user.role === "owner"}
          onClose={() => setInviting(false)}
          onInvited={() => users.reload()}
        />
      )}
      {pending?.kind === "role" && (
        <RoleDialog
          user={pending.user}
          canGrantOwner={me.user.role === "owner"}
          onClose={() => setPending(null)}
          onSave={async (role) => {
            await request<UserResponse>(`${base}/${pending.user.id}/role`, {
              method: "PUT",
              body: { role },
            });
            succeeded(
              t("users.roleChanged", { name: pending.user.displayName, role: t(`roles.${role}`) }),
            );
            users.reload();
          }}
        />
      )}
      {pending?.kind === "disable" && (
        <ConfirmDialog
          title={t("users.disableTitle", { name: pending.user.displayName })}
          confirmLabel={t("users.disable")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await request<UserResponse>(`${base}/${pending.user.id}/disable`, { method: "POST" });
            succeeded(t("users.disabled", { name: pending.user.displayName }));
            users.reload();
          }}
        >
          <p>{t("users.disableBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "reportLeaked" && (
        <ConfirmDialog
          title={t("risk.reportLeakedTitle", { name: pending.user.displayName })}
          confirmLabel={t("risk.reportLeaked")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await request(
              `/api/t/${encodeURIComponent(me.tenant.slug)}/risk/users/${pending.user.id}/report-leaked`,
              {
                method: "POST",
              },
            );
            succeeded(
              t("risk.done", { name: pending.user.displayName, what: t("risk.reportLeaked") }),
            );
          }}
        >
          <p>{t("risk.reportLeakedBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "resetMfa" && (
        <ConfirmDialog
          title={t("users.resetMfaTitle", { name: pending.user.displayName })}
          confirmLabel={t("users.resetMfa")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await request(`${base}/${pending.user.id}/mfa/reset`, { method: "POST" });
            succeeded(t("users.resetMfaDone", { name: pending.user.displayName }));
          }}
        >
          <p>{t("users.resetMfaBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "resetPassword" && (
        <ConfirmDialog
          title={t("users.resetPasswordTitle", { name: pending.user.displayName })}
          confirmLabel={t("users.resetPassword")}
          // On success the dialog gives way to the temporary password, which closing must keep.
          onClose={() => setPending((p) => (p?.kind === "resetPassword" ? null : p))}
          onConfirm={async () => {
            const result = await request<TemporaryPasswordResponse>(
              `${base}/${pending.user.id}/password/reset`,
              { method: "POST" },
            );
            succeeded(t("users.resetPasswordDone", { name: pending.user.displayName }));
            setPending({
              kind: "temporaryPassword",
              user: pending.user,
              password: result.temporaryPassword,
            });
          }}
        >
          <p>{t("users.resetPasswordBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "temporaryPassword" && (
        <LinkDialog
          title={t("users.temporaryPasswordTitle", { name: pending.user.displayName })}
          message={t("users.temporaryPasswordBody")}
          linkLabel={t("users.temporaryPassword")}
          url={pending.password}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === "signOut" && (
        <ConfirmDialog
          title={t("users.signOutTitle", { name: pending.user.displayName })}
          confirmLabel={t("users.signOutEverywhere")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const result = await request<RevokedResponse>(
              `${base}/${pending.user.id}/sessions/revoke`,
              { method: "POST" },
            );
            succeeded(
              t("users.signedOut", { name: pending.user.displayName, n: String(result.revoked) }),
            );
          }}
        >
          <p>{t("users.signOutBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "link" && (
        <LinkDialog
          title={t("users.renewTitle", { name: pending.user.displayName })}
          message={t("users.renewBody")}
          linkLabel={t("inviteDialog.link")}
          url={pending.url}
          expiresAt={pending.expiresAt}
          onClose={() => setPending(null)}
        />
      )}
    </>
  );
}
