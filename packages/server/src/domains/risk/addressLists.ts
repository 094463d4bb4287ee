import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { RiskSettings } from "@engawa/shared";
import { IpRangeSet } from "../../platform/net/ipRanges.ts";

/**
 * The address lists shipped in `packages/server/data/risk/` (each file's header names its source,
 * date and licence; docs/SECURITY.md credits them). `engawa risk-lists import` replaces one for the
 * whole deployment from a file, kept in the database. Nothing is downloaded at run time.
 */
export const SHIPPED_LISTS = {
  "tor-exits": { entries: "addresses", meaning: "anonymous" },
  "vpn-asns": { entries: "networks", meaning: "anonymous" },
  "hosting-asns": { entries: "networks", meaning: "anonymous" },
  "botnet-c2": { entries: "addresses", meaning: "botnet" },
} as const;
export type ListName = keyof typeof SHIPPED_LISTS;
export const LIST_NAMES = Object.keys(SHIPPED_LISTS) as ListName[];

const DATA_DIR = new URL("../../../data/risk/", import.meta.url);

/** The entries of a list file: one per line, `#` starts a comment. */
export function listLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line.length > 0);
}

/** `AS13335` or `13335` → 13335; anything else → null. */
export function asNumber(entry: string): number | null {
  const match = /^(?:AS)?(\d{1,10})$/i.exec(entry);
  const value = match ? Number(match[1]) : NaN;
  return Number.isInteger(value) && value > 0 && value < 2 ** 32 ? value : null;
}

/** Why a list entry would be refused, for the import command; null when every line parses. */
export function badListLine(name: ListName, lines: string[]): string | null {
  const networks = SHIPPED_LISTS[name].entries === "networks";
  for (const line of lines) {
    const ok = networks ? asNumber(line) !== null : new IpRangeSet([line]).size === 1;
    if (!ok) return line;
  }
  return null;
}

type Built = Record<ListName, { addresses: IpRangeSet; networks: Set<number> }>;

/** Which list an address is on, as a detection's evidence names it. */
export interface ListMatch {
  anonymousList: string | null;
  botnetList: string | null;
  trusted: boolean;
}

interface TenantSets {
  source: RiskSettings;
  anonymous: IpRangeSet;
  botnet: IpRangeSet;
  trusted: IpRangeSet;
}

/**
 * The shipped lists (or their imported replacements) and each tenant's own ranges, held in
 * memory as sorted ranges: a lookup is a bisection, well under a microsecond.
 */
export class AddressLists {
  private built: Promise<Built> | null = null;
  private readonly tenants = new Map<string, TenantSets>();

  /** The deployment's imported replacements, by list name. */
  private readonly imported: () => Promise<Map<string, string>>;

  constructor(imported: () => Promise<Map<string, string>>) {
    this.imported = imported;
  }

  /** Reads the lists again (after an import). */
  reload(): void {
    this.built = null;
  }

  private lists(): Promise<Built> {
    this.built ??= (async () => {
      const replacements = await this.imported();
      const entries = await Promise.all(
        LIST_NAMES.map(async (name) => {
          const text =
            replacements.get(name) ??
            (await readFile(fileURLToPath(new URL(`${name}.txt`, DATA_DIR)), "utf8"));
          const lines = listLines(text);
          return [
            name,
            {
              addresses: new IpRangeSet(SHIPPED_LISTS[name].entries === "addresses" ? lines : []),
              networks: new Set(
                SHIPPED_LISTS[name].entries === "networks"
                  ? lines.map(asNumber).filter((n): n is number => n !== null)
                  : [],
              ),
            },
          ] as const;
        }),
      );
      return Object.fromEntries(entries) as Built;
    })();
    return this.built;
  }

  /** How many entries each list holds now (for the admin page and the import command). */
  async sizes(): Promise<Record<ListName, number>> {
    const built = await this.lists();
    return Object.fromEntries(
      LIST_NAMES.map((name) => [name, built[name].addresses.size + built[name].networks.size]),
    ) as Record<ListName, number>;
  }

  async match(
    tenantId: string,
    settings: RiskSettings,
    ip: string | null,
    asn: number | null,
  ): Promise<ListMatch> {
    const built = await this.lists();
    const own = this.tenantSets(tenantId, settings);
    const anonymousList = own.anonymous.has(ip)
      ? "tenant"
      : built["tor-exits"].addresses.has(ip)
        ? "tor-exits"
        : asn !== null && built["vpn-asns"].networks.has(asn)
          ? "vpn-asns"
          : asn !== null && built["hosting-asns"].networks.has(asn)
            ? "hosting-asns"
            : null;
    const botnetList = own.botnet.has(ip)
      ? "tenant"
      : built["botnet-c2"].addresses.has(ip)
        ? "botnet-c2"
        : null;
    return { anonymousList, botnetList, trusted: own.trusted.has(ip) };
  }

  /** Whether an address is in the tenant's trusted ranges (for earlier sign-ins). */
  trusted(tenantId: string, settings: RiskSettings, ip: string | null): boolean {
    return this.tenantSets(tenantId, settings).trusted.has(ip);
  }

  private tenantSets(tenantId: string, settings: RiskSettings): TenantSets {
    const cached = this.tenants.get(tenantId);
    if (cached?.source === settings) return cached;
    const sets = {
      source: settings,
      anonymous: new IpRangeSet(settings.anonymousRanges),
      botnet: new IpRangeSet(settings.botnetRanges),
      trusted: new IpRangeSet(settings.trustedRanges),
    };
    this.tenants.set(tenantId, sets);
    return sets;
  }
}
