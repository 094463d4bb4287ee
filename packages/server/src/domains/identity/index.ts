export { Identity } from "./service.ts";
export {
  actorOf,
  scopeOf,
  subjectOf,
  tenantOf,
  type Principal,
  type SessionInfo,
  type TenantRef,
  type TenantUser,
} from "./principal.ts";
export { csrfTokenFor, type SessionKind } from "./sessions.ts";
export type { UserRow, OperatorRow, IdentityStore } from "./store.ts";
export type { PrincipalChange } from "./events.ts";
export { presentMe, presentOperatorMe, presentUser } from "./presenters.ts";
export { normaliseEmail } from "./passwordPolicy.ts";
export { identityRoutes } from "./routes.ts";
export { users } from "./tables.ts";
