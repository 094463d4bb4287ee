export {
  AccessEngine,
  loadDomainPolicies,
  POLICY_DOMAINS,
  type AccessRequest,
  type Decision,
} from "./engine.ts";
export { buildCedarSchema, NAMESPACE } from "./cedarSchema.ts";
export type { Subject, Target } from "./entities.ts";
