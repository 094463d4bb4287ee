import { defineConfig } from "vitest/config";

/**
 * Media tests: Janus, Chromium and real WebRTC. They only work inside the private network
 * namespace that `e2e/media/run.sh` sets up, so the browser e2e config does not include them.
 */
export default defineConfig({
  test: {
    include: ["e2e/media/**/*.media.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
