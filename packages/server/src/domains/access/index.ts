export {
  AccessEngine,
  loadDomainPolicies,
  POLICY_DOMAINS,
  STEP_UP_POLICY,
  type AccessRequest,
  type CedarSignals,
  type ConditionalSet,
  type Decision,
} from "./engine.ts";
export {
  buildCedarSchema,
  CA_DOWNLOAD_GROUP,
  caAppGroup,
  caUserActionGroup,
  NAMESPACE,
  WC_TITLE_GROUP,
} from "./cedarSchema.ts";
export { labelOf, type Subject, type Target } from "./entities.ts";
