import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the current request is, carried through async calls: the request id, where it came from,
 * and (set by the db layer) the open transaction, so that every query in a transaction uses it —
 * PGlite has one connection and deadlocks otherwise (ARCHITECTURE.md, PGlite in practice).
 */
export interface RequestInfo {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

const requestStorage = new AsyncLocalStorage<RequestInfo>();

export function runWithRequest<T>(info: RequestInfo, fn: () => T): T {
  return requestStorage.run(info, fn);
}

/** Request details for audit events; all null outside a request (CLI, jobs). */
export function currentRequest(): RequestInfo {
  return requestStorage.getStore() ?? { requestId: null, ip: null, userAgent: null };
}

/** Attach request info for the rest of the current async flow (used by the HTTP adapter's hook). */
export function enterRequest(info: RequestInfo): void {
  requestStorage.enterWith(info);
}
