import { isIPv4, isIPv6 } from "node:net";

/**
 * An address as a number: IPv4 in 32 bits, IPv6 in 128 bits (as a bigint). IPv4-mapped IPv6
 * (`::ffff:a.b.c.d`, as a dual-stack socket reports IPv4 peers) is read as the IPv4 address, so
 * one list entry matches however the peer arrived.
 */
export type ParsedAddress = { version: 4; value: number } | { version: 6; value: bigint };

export function parseAddress(text: string): ParsedAddress | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text)?.[1];
  const address = mapped ?? text;
  if (isIPv4(address)) {
    const [a, b, c, d] = address.split(".").map(Number) as [number, number, number, number];
    return { version: 4, value: ((a << 24) >>> 0) + (b << 16) + (c << 8) + d };
  }
  if (isIPv6(address)) return { version: 6, value: ipv6Value(address) };
  return null;
}

function ipv6Value(address: string): bigint {
  let text = address;
  // A trailing dotted IPv4 part (`::1.2.3.4`) becomes two hexadecimal groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [
    ...headGroups,
    ...Array<string>(tail === undefined ? 0 : missing).fill("0"),
    ...tailGroups,
  ];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(parseInt(group || "0", 16));
  return value;
}

/** An address or CIDR range (`203.0.113.0/24`, `2001:db8::/32`) as its first and last address. */
export function parseRange(text: string): { version: 4 | 6; first: bigint; last: bigint } | null {
  const [addressText, bitsText, extra] = text.trim().split("/");
  if (extra !== undefined || !addressText) return null;
  const address = parseAddress(addressText);
  if (!address) return null;
  const width = address.version === 4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (bits > width) return null;
  const value = BigInt(address.value);
  const hostBits = BigInt(width - bits);
  const first = (value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { version: address.version, first, last };
}

/**
 * A set of addresses and CIDR ranges answering "is this address in it" by binary search over
 * sorted, merged ranges: a few hundred nanoseconds for lists of thousands (the Tor exits, a
 * botnet list, a tenant's own ranges), where `net.BlockList` checks its rules one by one.
 */
export class IpRangeSet {
  private readonly v4Starts: Float64Array;
  private readonly v4Ends: Float64Array;
  private readonly v6: { first: bigint; last: bigint }[];
  /** How many entries it was built from (a range counts once). */
  readonly size: number;

  constructor(entries: Iterable<string>) {
    const v4: [number, number][] = [];
    const v6: { first: bigint; last: bigint }[] = [];
    let size = 0;
    for (const entry of entries) {
      const range = parseRange(entry);
      if (!range) continue;
      size++;
      if (range.version === 4) v4.push([Number(range.first), Number(range.last)]);
      else v6.push({ first: range.first, last: range.last });
    }
    this.size = size;
    const merged4 = mergeRanges(v4.map(([first, last]) => ({ first, last })));
    this.v4Starts = Float64Array.from(merged4, (r) => r.first);
    this.v4Ends = Float64Array.from(merged4, (r) => r.last);
    this.v6 = mergeRanges(v6);
  }

  has(ip: string | null): boolean {
    if (!ip) return false;
    const address = parseAddress(ip);
    if (!address) return false;
    if (address.version === 4) {
      const i = lastAtOrBelow(this.v4Starts, address.value);
      return i >= 0 && address.value <= this.v4Ends[i]!;
    }
    let low = 0;
    let high = this.v6.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const range = this.v6[middle]!;
      if (address.value < range.first) high = middle - 1;
      else if (address.value > range.last) low = middle + 1;
      else return true;
    }
    return false;
  }
}

/** The index of the last element not greater than `value` in an ascending array, or -1. */
export function lastAtOrBelow(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= value) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function mergeRanges<T extends number | bigint>(
  ranges: { first: T; last: T }[],
): { first: T; last: T }[] {
  ranges.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: { first: T; last: T }[] = [];
  for (const range of ranges) {
    const previous = merged.at(-1);
    if (previous && range.first <= previous.last) {
      if (range.last > previous.last) previous.last = range.last;
    } else merged.push({ ...range });
  }
  return merged;
}
