import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type * as DirectClient from "./directClient.js";

export type Publisher = Awaited<ReturnType<typeof DirectClient.publish>>;
export type Subscriber = Awaited<ReturnType<typeof DirectClient.subscribe>>;

/** What the client page puts on `window` for tests (page.evaluate) to use. */
export interface ClientWindow {
  janusDirect: typeof DirectClient;
  /** Tests keep the publishers and subscribers they create here, between evaluate calls. */
  media: { publishers: Record<string, Publisher>; subscribers: Record<string, Subscriber> };
}

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Janus direct client</title>
<script type="module">
  import * as janusDirect from "/directClient.js";
  window.media = { publishers: {}, subscribers: {} };
  window.janusDirect = janusDirect;
</script>
</html>
`;

/**
 * Serves the direct Janus client (directClient.js and a page that loads it) on 127.0.0.1, a
 * secure context, so getUserMedia works over plain HTTP. Nothing is fetched from elsewhere.
 */
export async function serveDirectClient(): Promise<{ url: string; close(): Promise<void> }> {
  const script = readFileSync(new URL("./directClient.js", import.meta.url));
  const server = createServer((request, response) => {
    const [body, type] =
      request.url === "/"
        ? [PAGE, "text/html"]
        : request.url === "/directClient.js"
          ? [script, "text/javascript"]
          : [null, ""];
    if (body === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "content-type": `${type}; charset=utf-8`,
      "cache-control": "no-store",
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
