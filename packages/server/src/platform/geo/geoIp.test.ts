import { describe, expect, it } from "vitest";
import { coarsePlaceOf, placeOf } from "./geoIp.ts";

/** Lookups in the shipped DB-IP City Lite data (no network): known public addresses. */
describe("geo-IP places", () => {
  it("places public IPv4 and IPv6 addresses by country and region, with coordinates", async () => {
    expect(await coarsePlaceOf("133.0.0.1")).toEqual({ country: "JP", region: "Tokyo" });
    const google = await placeOf("8.8.8.8");
    expect(google?.country).toBe("US");
    expect(Math.abs(google?.latitude ?? 0)).toBeGreaterThan(1);
    expect((await placeOf("2001:4860:4860::8888"))?.country).toMatch(/^[A-Z]{2}$/);
  });

  it("looks up IPv4-mapped IPv6 as IPv4, as a dual-stack socket reports it", async () => {
    expect(await coarsePlaceOf("::ffff:133.0.0.1")).toEqual({ country: "JP", region: "Tokyo" });
  });

  it("has no place for loopback, private and documentation addresses, or for non-addresses", async () => {
    for (const ip of [
      "127.0.0.1",
      "::1",
      "10.1.2.3",
      "192.168.0.1",
      "203.0.113.5",
      "nonsense",
      "",
      null,
    ])
      expect(await placeOf(ip), String(ip)).toBeNull();
  });
});
