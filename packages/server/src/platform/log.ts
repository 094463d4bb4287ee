import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Structured logs. Secrets never reach them: tokens, cookies and passwords are redacted by path,
 * and request bodies are not logged at all.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "engawa" },
    redact: {
      paths: [
        "req.headers.cookie",
        "req.headers.authorization",
        "req.headers['x-engawa-csrf']",
        "res.headers['set-cookie']",
      ],
      censor: "[redacted]",
    },
  });
}
