export { ConditionalAccess, refusalOf, SIGN_IN_ACTION, type CaDecision } from "./service.ts";
export { withConditionalAccess } from "./signInGate.ts";
export { conditionalAccessRoutes } from "./routes.ts";
export { termsRoutes } from "./termsRoutes.ts";
