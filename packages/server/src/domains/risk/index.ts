export { highest } from "./levels.ts";
export { Risk, requirementOf, type RiskRequirement, type SignInAssessment } from "./service.ts";
export { LIST_NAMES, type ListName } from "./addressLists.ts";
export { riskRoutes } from "./routes.ts";
