import { Badge } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { AuditOutcome, TenantRole, UserStatus } from "@engawa/shared";

const ROLE_COLORS = {
  owner: "brand",
  admin: "important",
  member: "informative",
  guest: "subtle",
} as const satisfies Record<TenantRole, string>;

const STATUS_COLORS = {
  invited: "warning",
  active: "success",
  disabled: "danger",
} as const satisfies Record<UserStatus, string>;

const OUTCOME_COLORS = {
  allow: "success",
  deny: "danger",
  error: "warning",
} as const satisfies Record<AuditOutcome, string>;

/** A user's role in words and colour (the word carries the meaning; colour only helps). */
export function RoleBadge({ role }: { role: TenantRole }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={ROLE_COLORS[role]}>
      {t(`roles.${role}`)}
    </Badge>
  );
}

/** A user's account status: invited, active or disabled. */
export function StatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={STATUS_COLORS[status]}>
      {t(`statuses.${status}`)}
    </Badge>
  );
}

/** An audit event's outcome: allowed, denied or error. */
export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const { t } = useTranslation();
  return (
    <Badge appearance="tint" color={OUTCOME_COLORS[outcome]}>
      {t(`audit.outcomes.${outcome}`)}
    </Badge>
  );
}
