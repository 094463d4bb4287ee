import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { lastAtOrBelow, parseAddress } from "../net/ipRanges.ts";

/** The network an address belongs to: its autonomous system's number and operator's name. */
export interface AutonomousSystem {
  number: number;
  name: string;
}

/**
 * The address-to-AS table ships in the npm package `@ip-location-db/asn` (RouteViews, the five
 * RIRs' statistics via NRO, and DB-IP's IP to ASN Lite; CC BY 4.0, credited in docs/SECURITY.md):
 * nothing is downloaded at run time. It is read once per process, on the first lookup, into
 * sorted typed arrays (about 0.4 s and 12 MB for some 500,000 ranges) and searched by bisection.
 */
const PACKAGE = "@ip-location-db/asn";

interface Table<T> {
  starts: T;
  ends: T;
  numbers: Uint32Array;
}

interface AsnTables {
  v4: Table<Float64Array>;
  v6: Table<bigint[]>;
  names: Map<number, string>;
}

let tables: Promise<AsnTables> | null = null;

async function loadTables(): Promise<AsnTables> {
  const file = (name: string) =>
    fileURLToPath(new URL(name, import.meta.resolve(`${PACKAGE}/package.json`)));
  const [v4Text, v6Text] = await Promise.all([
    readFile(file("asn-ipv4-num.csv"), "utf8"),
    readFile(file("asn-ipv6-num.csv"), "utf8"),
  ]);
  const names = new Map<number, string>();
  const v4 = parseTable(v4Text, names, Number, (n) => new Float64Array(n));
  const v6 = parseTable(v6Text, names, BigInt, (n) => new Array<bigint>(n));
  return { v4, v6, names };
}

/** Rows `first,last,asn,name` (numbers in decimal, the name quoted when it holds a comma), ascending. */
function parseTable<T extends number | bigint, A extends { [i: number]: T; length: number }>(
  text: string,
  names: Map<number, string>,
  toValue: (decimal: string) => T,
  allocate: (length: number) => A,
): Table<A> {
  const lines = text.split("\n").filter((line) => line.length > 0);
  const starts = allocate(lines.length);
  const ends = allocate(lines.length);
  const numbers = new Uint32Array(lines.length);
  lines.forEach((line, i) => {
    const first = line.indexOf(",");
    const second = line.indexOf(",", first + 1);
    const third = line.indexOf(",", second + 1);
    starts[i] = toValue(line.slice(0, first));
    ends[i] = toValue(line.slice(first + 1, second));
    const number = Number(line.slice(second + 1, third));
    numbers[i] = number;
    if (!names.has(number)) names.set(number, unquote(line.slice(third + 1).trimEnd()));
  });
  return { starts, ends, numbers };
}

function unquote(field: string): string {
  return field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
}

function indexIn(starts: bigint[], value: bigint): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! <= value) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * The autonomous system of an address, or null where the table has none (loopback, private and
 * documentation ranges, unrouted space) or the text is not an address.
 */
export async function asnOf(ip: string | null): Promise<AutonomousSystem | null> {
  if (!ip) return null;
  const address = parseAddress(ip);
  if (!address) return null;
  tables ??= loadTables();
  const { v4, v6, names } = await tables;
  let number: number | undefined;
  if (address.version === 4) {
    const i = lastAtOrBelow(v4.starts, address.value);
    if (i >= 0 && address.value <= v4.ends[i]!) number = v4.numbers[i];
  } else {
    const i = indexIn(v6.starts, address.value);
    if (i >= 0 && address.value <= v6.ends[i]!) number = v6.numbers[i];
  }
  if (number === undefined || number === 0) return null;
  return { number, name: names.get(number) ?? "" };
}
