import { hash } from "@node-rs/argon2";
import { ARGON2_PARAMS } from "../packages/server/src/platform/crypto/passwords.ts";
import {
  BenchClient,
  mean,
  PASSWORD,
  throughput,
  withPostgres,
  withServer,
} from "./engawaServer.ts";
import { figure, type Figure } from "./stats.ts";

const CLIENTS = 2;
const SECONDS = 5;
const ROUNDS = 2;

/**
 * `auth.logins_per_s`: successful password sign-ins per second over real HTTP on loopback, two
 * concurrent clients (each keeps its connection, as a browser does), against a real Engawa server
 * process on embedded PGlite (argon2id verify, session insert, audit append). Baseline: argon2id
 * hashes per second with the same parameters, two at a time, measured in this run; and the same
 * on PostgreSQL when TEST_DATABASE_URL names a server. The per-address limit is raised for the
 * run: this measures throughput, not throttling.
 */
export async function loginsBench(): Promise<Record<string, Figure>> {
  const results: Record<string, Figure> = { "auth.logins_per_s": await measure({}) };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) results["auth.logins_per_s.postgres"] = await withPostgres(adminUrl, measure);
  return results;
}

function measure(databaseEnv: Record<string, string>): Promise<Figure> {
  return withServer(
    databaseEnv,
    { ENGAWA_SIGNIN_MAX_ATTEMPTS_PER_IP: "1000000" },
    async (server) => {
      const clients = Array.from({ length: CLIENTS }, () => new BenchClient(server));
      const signIn = async (worker: number) => {
        const client = clients[worker] as BenchClient;
        client.forget();
        const answer = await client.post("/api/auth/sign-in", {
          tenant: "bench",
          email: "owner@bench.example",
          password: PASSWORD,
        });
        if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}`);
      };
      for (let i = 0; i < 10; i += 1) await signIn(0);
      // Alternate the two measurements so that noise from the shared machine falls on both alike.
      const logins: number[] = [];
      const hashes: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        logins.push(await throughput(CLIENTS, SECONDS, signIn));
        hashes.push(
          await throughput(CLIENTS, SECONDS, async () => {
            await hash(PASSWORD, ARGON2_PARAMS);
          }),
        );
      }
      for (const client of clients) client.close();
      return figure(
        mean(logins),
        "logins/s",
        mean(hashes),
        "argon2id hashes/s, same parameters, 2 at a time",
      );
    },
  );
}
