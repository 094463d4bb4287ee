import { PresenceBadge, type PresenceBadgeStatus } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { PresenceState } from "@engawa/shared";

const STATUS: Record<PresenceState, PresenceBadgeStatus> = {
  online: "available",
  away: "away",
  offline: "offline",
};

/**
 * A person's presence as a small badge: green with a tick (online), amber with a clock (away),
 * grey ring (offline) — the shape differs, not only the colour — named in words for screen readers
 * and as a tooltip. `decorative` when the same words are written beside it.
 */
export function PresenceDot({
  state,
  decorative = false,
}: {
  state: PresenceState;
  decorative?: boolean;
}) {
  const { t } = useTranslation();
  const label = t(`presence.${state}`);
  return decorative ? (
    <PresenceBadge
      size="small"
      status={STATUS[state]}
      role={undefined}
      aria-label={undefined}
      aria-hidden
    />
  ) : (
    <PresenceBadge size="small" status={STATUS[state]} aria-label={label} title={label} />
  );
}
