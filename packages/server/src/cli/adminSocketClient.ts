import { request } from "node:http";
import type { ErrorBody } from "@engawa/shared";

export class CliRequestError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** One JSON request to the running server's admin socket. */
export function callAdminSocket<T>(
  socketPath: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        socketPath,
        method,
        path,
        headers: payload
          ? { "content-type": "application/json", "content-length": payload.length }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            reject(
              new CliRequestError(
                "internal_error",
                `unexpected answer from the server: ${text.slice(0, 200)}`,
              ),
            );
            return;
          }
          if ((res.statusCode ?? 500) >= 400) {
            const error = (parsed as ErrorBody).error;
            reject(
              new CliRequestError(
                error?.code ?? "internal_error",
                error?.message ?? "request failed",
              ),
            );
          } else {
            resolve(parsed as T);
          }
        });
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}
