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
  },
});
