import { useState } from "react";
import { Button, TableCell, TableRow } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type {
  CaPoliciesResponse,
  CaPolicy,
  GroupsResponse,
  LabelsResponse,
  NamedLocationsResponse,
  TermsOfUseListResponse,
  UserListResponse,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useListStyles } from "../../components/layout.ts";
import { CaPolicyEditor } from "./CaPolicyEditor.tsx";
import { amountOf } from "./CaSessionFields.tsx";

/**
 * The organisation's policies: state, what each grants, and — for report-only ones — what they
 * would have done at the sign-ins of the last 30 days. New, edit and delete.
 */
export function CaPoliciesTab({ base }: { base: string }) {
  const { t } = useTranslation();
  const list = useListStyles();
  const { request } = useUserSession();
  const path = `${base}/conditional-access/policies`;
  const loaded = useLoader(async (signal) => {
    const [policies, locations, users, labels, groups, terms] = await Promise.all([
      request<CaPoliciesResponse>(path, { signal }),
      request<NamedLocationsResponse>(`${base}/conditional-access/locations`, { signal }),
      request<UserListResponse>(`${base}/users`, { signal }),
      request<LabelsResponse>(`${base}/labels`, { signal }),
      request<GroupsResponse>(`${base}/groups`, { signal }),
      request<TermsOfUseListResponse>(`${base}/conditional-access/terms`, { signal }),
    ]);
    return {
      policies: policies.policies,
      locations: locations.locations,
      users: users.users,
      labels: labels.labels,
      groups: groups.groups,
      terms: terms.terms,
    };
  });
  const [editing, setEditing] = useState<CaPolicy | "new" | null>(null);
  const [deleting, setDeleting] = useState<CaPolicy | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  if (loaded.error && !loaded.data) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const { policies, locations, users, labels, groups, terms } = loaded.data;
  if (editing !== null)
    return (
      <CaPolicyEditor
        path={path}
        policy={editing === "new" ? null : editing}
        users={users}
        groups={groups}
        terms={terms}
        locations={locations}
        labels={labels}
        onDone={(saved) => {
          setEditing(null);
          setStatus(saved ? t("ca.policies.saved") : null);
          if (saved) loaded.reload();
        }}
      />
    );

  const grantOf = (policy: CaPolicy) => {
    if (policy.grant.block) return t("ca.policies.block");
    const controls = policy.grant.controls.map((c) => t(`ca.controls.${c}`)).join(", ");
    const grant =
      policy.grant.controls.length === 0
        ? null
        : policy.grant.operator === "one" && policy.grant.controls.length > 1
          ? t("ca.policies.requireOne", { controls })
          : t("ca.policies.requireAll", { controls });
    const { signInFrequencyMinutes: every, idleTimeoutMinutes: idle } = policy.session;
    const frequency = every === null ? null : amountOf(every);
    return [
      grant,
      policy.session.viewOnly ? t("ca.policies.viewOnly") : null,
      policy.session.watermark ? t("ca.policies.watermark") : null,
      frequency
        ? t(`ca.policies.signInEvery.${frequency.unit}`, { count: Number(frequency.amount) })
        : null,
      idle === null ? null : t("ca.policies.idleAfter", { count: idle }),
    ]
      .filter(Boolean)
      .join(" · ");
  };

  return (
    <>
      <StatusMessage message={status} />
      <ErrorMessage error={loaded.error} />
      <div className={list.toolbar}>
        <Button appearance="primary" onClick={() => setEditing("new")}>
          {t("ca.policies.new")}
        </Button>
      </div>
      <RecordTable
        label={t("ca.policies.tableLabel")}
        columns={[
          t("ca.policies.name"),
          t("ca.policies.state"),
          t("ca.policies.grant"),
          t("ca.policies.report"),
          "",
        ]}
        loading={false}
        emptyText={policies.length === 0 ? t("ca.policies.empty") : null}
      >
        {policies.map((policy) => (
          <TableRow key={policy.id}>
            <TableCell>{policy.name}</TableCell>
            <TableCell>{t(`ca.states.${policy.state}`)}</TableCell>
            <TableCell>{grantOf(policy)}</TableCell>
            <TableCell>
              {policy.state === "report_only" ? t("ca.policies.reportText", policy.report) : "—"}
            </TableCell>
            <TableCell className={list.nowrap}>
              <Button
                appearance="subtle"
                aria-label={`${t("ca.policies.edit")}: ${policy.name}`}
                onClick={() => setEditing(policy)}
              >
                {t("ca.policies.edit")}
              </Button>
              <Button
                appearance="subtle"
                aria-label={`${t("ca.policies.delete")}: ${policy.name}`}
                onClick={() => setDeleting(policy)}
              >
                {t("ca.policies.delete")}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {deleting && (
        <ConfirmDialog
          title={t("ca.policies.deleteTitle", { name: deleting.name })}
          confirmLabel={t("ca.policies.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await request(`${path}/${deleting.id}`, { method: "DELETE" });
            setStatus(t("ca.policies.deleted"));
            loaded.reload();
          }}
        >
          {t("ca.policies.deleteText")}
        </ConfirmDialog>
      )}
    </>
  );
}
