import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/**
 * The server serves `dist/index.html` for every page and `dist/assets/*` as immutable files, and
 * its CSP allows no inline script: Vite's production build emits only external module scripts.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // The device worker is a service worker: served from the root (its scope is the whole
      // site) under a fixed name, `/device-worker.js`, which the pages register.
      input: { main: "index.html", "device-worker": "src/device/worker.ts" },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === "device-worker" ? "device-worker.js" : "assets/[name]-[hash].js",
      },
    },
  },
});
