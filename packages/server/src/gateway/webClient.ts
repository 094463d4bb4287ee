import { existsSync, readFileSync, statSync } from "node:fs";
import { createReadStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Type } from "typebox";
import { AppError } from "../platform/errors.ts";
import { defineRoute } from "./defineRoute.ts";

/** Where Vite writes the built web client (`npm run build`). */
export const WEB_DIST = fileURLToPath(new URL("../../../web/dist", import.meta.url));

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

const AssetParams = Type.Object({ "*": Type.String({ maxLength: 200 }) });

let indexHtml: string | null = null;

function shell(): string {
  if (indexHtml !== null) return indexHtml;
  const file = path.join(WEB_DIST, "index.html");
  if (!existsSync(file)) {
    return "<!doctype html><meta charset=utf-8><title>Engawa</title><p>The web client is not built. Run <code>npm run build</code>.</p>";
  }
  indexHtml = readFileSync(file, "utf8");
  return indexHtml;
}

/**
 * The built web client: hashed assets (cached for a year) and the single-page shell for every
 * other path that is not an API route. Only files inside `web/dist/assets` are served.
 */
export const webClientRoutes = [
  defineRoute({
    method: "GET",
    url: "/assets/*",
    summary: "Web client assets",
    public: "web client assets (public code, no data)",
    raw: true,
    schema: { params: AssetParams },
    handler: async (ctx) => {
      const assets = path.join(WEB_DIST, "assets");
      const file = path.resolve(assets, ctx.params["*"]);
      if (!file.startsWith(assets + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
        throw new AppError("not_found", "Not found.");
      }
      return ctx.reply
        .type(TYPES[path.extname(file)] ?? "application/octet-stream")
        .header("cache-control", "public, max-age=31536000, immutable")
        .send(createReadStream(file));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/device-worker.js",
    summary: "The device worker (a service worker: signs a registered device's requests)",
    public: "web client code (public, no data); a service worker must be served from the root",
    raw: true,
    schema: {},
    handler: async (ctx) => {
      const file = path.join(WEB_DIST, "device-worker.js");
      if (!existsSync(file)) throw new AppError("not_found", "Not found.");
      // Not cached: a new build's worker replaces the old one at the browser's next check.
      return ctx.reply
        .type(TYPES[".js"] as string)
        .header("cache-control", "no-cache")
        .send(createReadStream(file));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/*",
    summary: "Web client pages",
    public: "web client shell (public code, no data)",
    raw: true,
    schema: { params: AssetParams },
    handler: async (ctx) => {
      if (ctx.params["*"].startsWith("api/")) throw new AppError("not_found", "Not found.");
      return ctx.reply
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-cache")
        .send(shell());
    },
  }),
];
