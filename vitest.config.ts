import { defineConfig } from "vitest/config";

/** Unit and integration tests (the browser end-to-end suite has its own config in e2e/). */
export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/server/test/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    globalSetup: ["packages/server/test/globalSetup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
