import type { RiskSettings } from "@engawa/shared";
import { AppError } from "../../platform/errors.ts";
import { parseRange } from "../../platform/net/ipRanges.ts";

const LISTS = ["anonymousRanges", "botnetRanges", "trustedRanges"] as const;

/**
 * Every address or CIDR range of the tenant's lists must parse (`203.0.113.0/24`, `2001:db8::/32`);
 * the first that does not is named in a 400 `invalid_value` with its list and line.
 */
export function checkRanges(settings: RiskSettings): void {
  for (const list of LISTS) {
    settings[list].forEach((entry, index) => {
      if (!parseRange(entry)) {
        throw new AppError("invalid_value", `"${entry}" is not an IP address or CIDR range.`, {
          field: `${list}/${index}`,
        });
      }
    });
  }
}
