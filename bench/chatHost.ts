/**
 * The server side of the chat benchmarks, run as its own process (spawned by chatFanout.bench.ts
 * with a raised open-files limit) and driven over the IPC channel (the baseline's is
 * chatBaseline.ts):
 *
 * - `node bench/chatHost.ts`: a real Engawa (`startServer`, configured from the
 *   environment like `engawa start`) plus a session factory: it makes the tenant, the users (one
 *   password hash shared by all: no argon2 per user), a team whose members all follow its
 *   `General` channel, and complete sessions through the identity service — the rows a sign-in
 *   writes, without a sign-in's cost — and answers their cookies.
 *
 * It answers `memory` with the process's memory after a full collection, `cpu` with its CPU time.
 */
import path from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { loadConfig } from "../packages/server/src/config/config.ts";
import { csrfTokenFor } from "../packages/server/src/domains/identity/index.ts";
import { DEFAULT_SESSION_LIMITS } from "../packages/server/src/domains/identity/sessions.ts";
import { scopeFor } from "../packages/server/src/platform/scope.ts";
import { startServer, type RunningServer } from "../packages/server/src/server.ts";
import { PASSWORD } from "./engawaServer.ts";
import { cpuMs, memoryAfterGc, type MemoryAfterGc } from "./stats.ts";

export type HostRequest =
  | { id: number; kind: "seed"; members: number; sessions: number }
  | { id: number; kind: "memory" }
  | { id: number; kind: "cpu" };

export interface Seeded {
  channelId: string;
  tenant: string;
  cookieName: string;
  /** One session token per connection to open (users are reused round-robin past `members`). */
  tokens: string[];
  /** The channel owner's session, for posting. */
  poster: { token: string; csrf: string };
}

export interface Memory extends MemoryAfterGc {
  connections: number;
}

const send = (message: unknown) => process.send?.(message);

async function engawa(): Promise<void> {
  const server = await startServer(loadConfig());
  const port = new URL(server.url).port;
  process.on("message", (request: HostRequest) => {
    void answer(server, request).then(
      (result) => send({ id: request.id, result }),
      (error: unknown) => send({ id: request.id, error: String((error as Error).stack ?? error) }),
    );
  });
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
  // The benchmark that started this process has gone (it failed): so does this one.
  process.once("disconnect", () => void server.close().then(() => process.exit(1)));
  send({ ready: true, port: Number(port) });
}

async function answer(server: RunningServer, request: HostRequest): Promise<unknown> {
  if (request.kind === "cpu") return cpuMs();
  if (request.kind === "memory") {
    const memory = { ...memoryAfterGc(), connections: server.services.realtime.size };
    // BENCH_HEAP_SNAPSHOT=<folder>: a heap snapshot each time memory is read.
    const folder = process.env.BENCH_HEAP_SNAPSHOT;
    if (folder)
      writeHeapSnapshot(
        path.join(folder, `chatHost-${process.pid}-${memory.connections}.heapsnapshot`),
      );
    return memory;
  }
  return seed(server, request.members, request.sessions);
}

/** The session factory (see the file's comment): a world with `members` users and `sessions` sessions. */
async function seed(server: RunningServer, members: number, sessions: number): Promise<Seeded> {
  const { identity, deployment, collaboration } = server.services;
  const localAdmin = scopeFor({ type: "local_admin", label: "bench" }, null);
  const hash = await identity.hashNewPassword(PASSWORD);
  const tenant = await deployment.tenants.createWithOwnerPassword(
    localAdmin,
    { name: "Bench", slug: "bench", owner: { email: "owner@bench.example", displayName: "Owner" } },
    hash,
  );
  const scope = scopeFor({ type: "local_admin", label: "bench" }, tenant.id);
  const owner = await identity.store.userByEmail(scope, "owner@bench.example");
  if (!owner) throw new Error("the tenant has no owner");
  const team = await collaboration.createTeam(scope, owner.id, {
    name: "Bench",
    visibility: "public",
  });
  const teamRow = await collaboration.store.team(scope, team.id);
  if (!teamRow) throw new Error("the team is missing");
  const channel = (await collaboration.listChannels(scope, team.id, owner.id)).find(
    (c) => c.name === "General",
  );
  if (!channel) throw new Error("the team has no General channel");
  const userIds: string[] = [];
  for (let i = 0; i < members; i += 1) {
    const user = await identity.createActiveUser(scope, {
      email: `member${i}@bench.example`,
      displayName: `Member ${i}`,
      role: "member",
      passwordHash: hash,
    });
    await collaboration.putTeamMember(
      scope,
      teamRow,
      { userId: user.id, tenantRole: "member" },
      "member",
    );
    userIds.push(user.id);
  }
  const session = async (userId: string) =>
    (
      await identity.sessions.create({
        kind: "user",
        tenantId: tenant.id,
        userId,
        operatorId: null,
        limits: DEFAULT_SESSION_LIMITS,
        ip: "127.0.0.1",
        userAgent: "engawa-bench",
      })
    ).token;
  const tokens: string[] = [];
  for (let i = 0; i < sessions; i += 1) tokens.push(await session(userIds[i % members] as string));
  const posterToken = await session(owner.id);
  return {
    channelId: channel.id,
    tenant: "bench",
    cookieName: server.services.cookies.names.user,
    tokens,
    poster: { token: posterToken, csrf: csrfTokenFor(posterToken) },
  };
}

await engawa();
