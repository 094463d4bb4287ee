import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import { loadConfig } from "../packages/server/src/config/config.ts";
import type { SignInRiskInput } from "../packages/server/src/domains/risk/service.ts";
import { HOUR, ManualClock } from "../packages/server/src/platform/clock.ts";
import { masterKeyFromBytes } from "../packages/server/src/platform/crypto/masterKey.ts";
import { Database } from "../packages/server/src/platform/db/database.ts";
import { migratePgliteClient } from "../packages/server/src/platform/db/migrate.ts";
import { placeOf } from "../packages/server/src/platform/geo/geoIp.ts";
import { scopeFor } from "../packages/server/src/platform/scope.ts";
import { buildServices } from "../packages/server/src/services.ts";
import { PASSWORD } from "./engawaServer.ts";
import { figure, median, percentile, type Figure } from "./stats.ts";

const USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/** Where the user has signed in from: Tokyo (two providers) and Osaka. */
const HOME_ADDRESSES = ["210.130.1.1", "60.32.0.1", "27.80.0.1"];
/** The measured sign-ins: the usual places, and New Jersey, London and a Tor exit. */
const ADDRESSES = [
  "210.130.1.1",
  "60.32.0.1",
  "27.80.0.1",
  "24.0.0.1",
  "81.2.69.160",
  "185.220.101.1",
];
const HISTORY = 20;
const WARM = 200;
const N = 2_000;

/**
 * `risk.signin_eval_us`: the p99 cost of every sign-in detection for one sign-in
 * (`Risk.assessSignIn`: geo-IP and ASN lookups, the user's 30-day sign-in history and open
 * detections from the database, the breached-password check, the address lists, the detection
 * rules and the risk policies; nothing is written). Services built in process on an in-memory
 * PGlite; one user with 20 allowed sign-ins over the last ten days from three Japanese addresses;
 * sign-ins measured from a rotation of six real public addresses (the usual three, New Jersey,
 * London, a Tor exit), each with a password and a desktop Chrome. Baseline: `placeOf` alone (the
 * geo-IP lookup) over the same rotation, in the same run, interleaved call by call.
 */
export async function riskSignInBench(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(path.join(tmpdir(), "engawa-bench-risk-"));
  const client = await PGlite.create();
  await migratePgliteClient(client);
  const database = Database.fromPglite(client);
  const masterKey = randomBytes(32);
  const config = loadConfig({
    ENGAWA_PUBLIC_URL: "http://localhost:8080",
    ENGAWA_LOG_LEVEL: "silent",
    ENGAWA_DATA_DIR: path.join(dir, "data"),
    ENGAWA_MASTER_KEY: masterKey.toString("hex"),
    ENGAWA_FILES_DIR: path.join(dir, "files"),
  });
  const clock = new ManualClock("2026-11-10T09:00:00.000Z");
  const services = await buildServices({
    config,
    database,
    masterKey: masterKeyFromBytes(masterKey),
    clock,
  });
  try {
    const { identity, deployment, risk } = services;
    const localAdmin = scopeFor({ type: "local_admin", label: "bench" }, null);
    const tenant = await deployment.tenants.createWithOwnerPassword(
      localAdmin,
      {
        name: "Bench",
        slug: "bench",
        owner: { email: "owner@bench.example", displayName: "Owner" },
      },
      await identity.hashNewPassword(PASSWORD),
    );
    const scope = scopeFor({ type: "local_admin", label: "bench" }, tenant.id);
    const owner = await identity.store.userByEmail(scope, "owner@bench.example");
    if (!owner) throw new Error("the tenant has no owner");
    const input = (ip: string): SignInRiskInput => ({
      tenantId: tenant.id,
      userId: owner.id,
      role: owner.role,
      method: "password",
      request: { requestId: null, ip, userAgent: USER_AGENT },
      password: PASSWORD,
      fromSprayingAddress: false,
    });

    // The history: a sign-in every 12 hours, recorded as the server records them.
    for (let i = 0; i < HISTORY; i += 1) {
      const assessment = await risk.assessSignIn(input(HOME_ADDRESSES[i % HOME_ADDRESSES.length]!));
      await risk.recordSignIn(assessment, "allowed", null);
      clock.advance(12 * HOUR);
    }

    // Warm-up (the first call loads the geo-IP, ASN and password tables); what each address gets.
    const seen: string[] = [];
    for (let i = 0; i < WARM; i += 1) {
      const ip = ADDRESSES[i % ADDRESSES.length]!;
      await placeOf(ip);
      const assessment = await risk.assessSignIn(input(ip));
      if (i < ADDRESSES.length) {
        const kinds = assessment.findings.map((f) => f.kind).join("+") || "none";
        seen.push(`${ip} ${assessment.facts.country ?? "?"}: ${kinds} → ${assessment.requires}`);
      }
    }
    process.stdout.write(`  ${seen.join("; ")}\n`);

    // Interleaved, so that whatever else the machine does falls on both alike.
    const evals: number[] = [];
    const lookups: number[] = [];
    for (let i = 0; i < N; i += 1) {
      const ip = ADDRESSES[i % ADDRESSES.length]!;
      const signIn = input(ip);
      let start = performance.now();
      await placeOf(ip);
      lookups.push((performance.now() - start) * 1000);
      start = performance.now();
      await risk.assessSignIn(signIn);
      evals.push((performance.now() - start) * 1000);
    }
    process.stdout.write(
      `  median: assessSignIn ${median(evals).toFixed(1)} µs, placeOf ${median(lookups).toFixed(1)} µs\n`,
    );
    return {
      "risk.signin_eval_us": figure(
        percentile(evals, 99),
        "µs",
        percentile(lookups, 99),
        "p99 of geo-IP lookup alone (same addresses)",
      ),
    };
  } finally {
    await services.denials.stop();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
