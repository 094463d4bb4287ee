import { useState } from "react";
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { MoreHorizontalRegular, PersonAddRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type {
  InvitationResponse,
  MeResponse,
  UserListResponse,
  UserResponse,
  UserSummary,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { RoleBadge, StatusBadge } from "../../components/Badges.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { InviteDialog, LinkDialog } from "./InviteDialog.tsx";
import { RoleDialog } from "./RoleDialog.tsx";

const useStyles = makeStyles({
  table: { tableLayout: "auto" },
  nowrap: { whiteSpace: "nowrap" },
  toolbar: { display: "flex", justifyContent: "flex-end", marginBottom: tokens.spacingVerticalM },
  tableWrap: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
});

type Pending =
  | { kind: "role"; user: UserSummary }
  | { kind: "disable"; user: UserSummary }
  | { kind: "link"; user: UserSummary; url: string; expiresAt: string }
  | null;

/**
 * The organisation's users for owners and admins: invite, change role, disable and enable,
 * re-issue an invitation link. Actions the server would refuse (on oneself; an admin on an owner)
 * are not offered.
 */
export function UsersPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const { request } = useUserSession();
  const base = `/api/t/${encodeURIComponent(me.tenant.slug)}/users`;
  const users = useLoader((signal) => request<UserListResponse>(base, { signal }));
  const [inviting, setInviting] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const canManage = (user: UserSummary) =>
    user.id !== me.user.id && (me.user.role === "owner" || user.role !== "owner");

  async function run(action: () => Promise<string>): Promise<void> {
    setFailure(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (error) {
      setFailure(error);
    }
    users.reload();
  }

  const enable = (user: UserSummary) =>
    run(async () => {
      await request<UserResponse>(`${base}/${user.id}/enable`, { method: "POST" });
      return t("users.enabled", { name: user.displayName });
    });

  async function renew(user: UserSummary): Promise<void> {
    setFailure(null);
    setNotice(null);
    try {
      const result = await request<InvitationResponse>(`${base}/${user.id}/invitation`, {
        method: "POST",
      });
      setPending({ kind: "link", user, url: result.inviteUrl, expiresAt: result.expiresAt });
    } catch (error) {
      setFailure(error);
    }
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
      {users.loading && !users.data ? (
        <Loading />
      ) : (
        <div className={styles.tableWrap}>
          <Table aria-label={t("users.tableLabel")} className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t("common.displayName")}</TableHeaderCell>
                <TableHeaderCell>{t("common.email")}</TableHeaderCell>
                <TableHeaderCell>{t("common.role")}</TableHeaderCell>
                <TableHeaderCell>{t("common.status")}</TableHeaderCell>
                <TableHeaderCell>{t("common.createdAt")}</TableHeaderCell>
                <TableHeaderCell>{t("users.actions")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
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
                              <MenuItem onClick={() => void enable(user)}>
                                {t("users.enable")}
                              </MenuItem>
                            ) : (
                              <MenuItem onClick={() => setPending({ kind: "disable", user })}>
                                {t("users.disable")}
                              </MenuItem>
                            )}
                            {user.status === "invited" && (
                              <MenuItem onClick={() => void renew(user)}>
                                {t("users.renew")}
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
            </TableBody>
          </Table>
          {users.data?.users.length === 0 && <p className={form.help}>{t("users.empty")}</p>}
        </div>
      )}
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
            setFailure(null);
            setNotice(
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
            setFailure(null);
            setNotice(t("users.disabled", { name: pending.user.displayName }));
            users.reload();
          }}
        >
          <p>{t("users.disableBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "link" && (
        <LinkDialog
          title={t("users.renewTitle", { name: pending.user.displayName })}
          body={t("users.renewBody")}
          url={pending.url}
          expiresAt={pending.expiresAt}
          onClose={() => setPending(null)}
        />
      )}
    </>
  );
}
