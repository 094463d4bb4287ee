import { hash } from "@node-rs/argon2";
import { ARGON2_PARAMS } from "../packages/server/src/platform/crypto/passwords.ts";
import { totpCode } from "../packages/server/src/platform/crypto/totp.ts";
import {
  BenchClient,
  mean,
  PASSWORD,
  throughput,
  withServer,
  type BenchServer,
} from "./engawaServer.ts";
import { figure, median, type Figure } from "./stats.ts";

const CLIENTS = 2;
const SECONDS = 5;
const ROUNDS = 2;
/**
 * A TOTP code is accepted once per 30 s step (RFC 6238 §5.2) and within one step of now; the
 * bench uses the current and the next step only, so each user signs in about twice a minute: the
 * run needs enough users for its sign-ins.
 */
const USERS = 1200;
const SAMPLES = 50;
const STEP_MS = 30_000;

interface MfaUser {
  email: string;
  secret: string;
  lastStep: number;
}

/**
 * `auth.logins_mfa_per_s`: complete sign-ins with password + authenticator code (two requests,
 * the session renewed in between) per second, two concurrent clients, against a real server on
 * PGlite; baseline: argon2id hashes per second, two at a time, in the same run.
 * `auth.unknown_user_time_ratio`: median time of a sign-in for an unknown e-mail address ÷ for a
 * known one with a wrong password (50 each, interleaved): near 1 means the answer's timing does
 * not reveal which addresses have accounts.
 */
export async function mfaLoginsBench(): Promise<Record<string, Figure>> {
  return withServer(
    {},
    {
      ENGAWA_SIGNIN_MAX_ATTEMPTS_PER_IP: "1000000",
      ENGAWA_SIGNIN_MAX_FAILURES: "1000",
      ENGAWA_SIGNIN_SPRAY_ACCOUNTS: "1000000",
    },
    async (server) => {
      const users = await createUsers(server);
      return {
        "auth.logins_mfa_per_s": await mfaThroughput(server, users),
        "auth.unknown_user_time_ratio": await unknownUserTiming(server, users),
      };
    },
  );
}

async function createUsers(server: BenchServer): Promise<MfaUser[]> {
  const owner = new BenchClient(server);
  await expectOk(
    owner.post("/api/auth/sign-in", {
      tenant: "bench",
      email: "owner@bench.example",
      password: PASSWORD,
    }),
  );
  const users: MfaUser[] = [];
  const workers = Array.from({ length: CLIENTS }, () => new BenchClient(server));
  let next = 0;
  await Promise.all(
    workers.map(async (client) => {
      while (next < USERS) {
        const email = `user${next++}@bench.example`;
        const invited = await expectOk(
          owner.post("/api/t/bench/users", { email, displayName: "Bench user", role: "member" }),
        );
        const token = new URL(String(invited.inviteUrl)).hash.replace("#token=", "");
        await expectOk(
          client.post("/api/invitations/accept", {
            token,
            displayName: "Bench user",
            password: PASSWORD,
          }),
        );
        client.forget();
        await expectOk(
          client.post("/api/auth/sign-in", { tenant: "bench", email, password: PASSWORD }),
        );
        const { secret } = (await expectOk(client.post("/api/me/mfa/totp"))) as { secret: string };
        const now = Date.now();
        await expectOk(client.post("/api/me/mfa/totp/confirm", { code: totpCode(secret, now) }));
        users.push({ email, secret, lastStep: Math.floor(now / STEP_MS) });
      }
    }),
  );
  owner.close();
  for (const client of workers) client.close();
  return users;
}

async function mfaThroughput(server: BenchServer, users: MfaUser[]): Promise<Figure> {
  const clients = Array.from({ length: CLIENTS }, () => new BenchClient(server));
  let cursor = 0;
  /** The next user with a code not used yet: the current or the next step, newer than theirs. */
  const take = (): { user: MfaUser; code: string } => {
    for (let tried = 0; tried < users.length; tried += 1) {
      const user = users[cursor++ % users.length] as MfaUser;
      const now = Date.now();
      const current = Math.floor(now / STEP_MS);
      // Never the previous step: a code for it sent just before a step boundary arrives when the
      // server's window (±1 step) has moved past it, and is rightly refused.
      for (const step of [current, current + 1]) {
        if (step <= user.lastStep) continue;
        user.lastStep = step;
        return { user, code: totpCode(user.secret, step * STEP_MS + 1) };
      }
    }
    throw new Error("every user has used the codes of this minute: raise USERS");
  };
  const signIn = async (worker: number) => {
    const client = clients[worker] as BenchClient;
    const { user, code } = take();
    client.forget();
    const first = await expectOk(
      client.post("/api/auth/sign-in", { tenant: "bench", email: user.email, password: PASSWORD }),
    );
    if ((first.session as { stage: string }).stage !== "second_factor")
      throw new Error("the sign-in did not ask for the second factor");
    await expectOk(client.post("/api/auth/second-factor/totp", { code }));
  };
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
}

async function unknownUserTiming(server: BenchServer, users: MfaUser[]): Promise<Figure> {
  const client = new BenchClient(server);
  const time = async (email: string, password: string) => {
    client.forget();
    const started = process.hrtime.bigint();
    const answer = await client.post("/api/auth/sign-in", { tenant: "bench", email, password });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (answer.status !== 401) throw new Error(`expected 401, got ${answer.status}`);
    return ms;
  };
  const unknown: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    unknown.push(await time(`nobody${i}@bench.example`, PASSWORD));
    wrong.push(await time((users[i % users.length] as MfaUser).email, "not the right password"));
  }
  client.close();
  return figure(
    median(unknown),
    "ms (median, unknown user)",
    median(wrong),
    "ms (median, wrong password)",
  );
}

async function expectOk(answer: Promise<{ status: number; body: Record<string, unknown> }>) {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`answered ${status}: ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}
