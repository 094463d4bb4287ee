/**
 * `npm start`: builds the web client when it is missing or out of date, then runs the server
 * (embedded PGlite under ./data unless DATABASE_URL is set).
 */
import { buildWeb, webBuildIsStale } from "./webBuild.ts";

if (webBuildIsStale()) {
  console.log("Building the web client…");
  buildWeb();
}
const { main } = await import("../packages/server/src/main.ts");
await main();
