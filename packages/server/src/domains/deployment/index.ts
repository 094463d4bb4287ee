export { Deployment, type DeploymentDeps } from "./service.ts";
export type { VerifyReport } from "./auditIntegrity.ts";
export { deploymentRoutes } from "./routes.ts";
export { localAdminRoutes } from "./localAdminRoutes.ts";
