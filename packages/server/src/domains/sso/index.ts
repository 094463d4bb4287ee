export { Sso, redirectUriOf } from "./service.ts";
export { ssoRoutes } from "./routes.ts";
export { issuerProblem } from "./oidc.ts";
