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
export { guestShutOut } from "./guestAccess.ts";
export { identityRoutes, ofKind } from "./routes.ts";
export { mfaRoutes } from "./mfaRoutes.ts";
export { sessionRoutes } from "./sessionRoutes.ts";
export { signInLogRoutes } from "./signInLogRoutes.ts";
export { passwordRoutes } from "./passwordRoutes.ts";
export { signInVerifiedUser } from "./browserSession.ts";
export type { SignInMethod } from "./commands/startSession.ts";
export { users } from "./tables.ts";
export { describeUserAgent } from "./userAgent.ts";
export type { RiskGate, RiskVerdict, RiskOutcome, RiskRequirement } from "./riskGate.ts";
