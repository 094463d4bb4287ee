import { defineConfig } from "vitest/config";

/** Browser end-to-end tests: real servers (child processes) and Debian's Chromium. */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
