// Vite configuration for the Nexus single-page app: builds web/ into web/dist, proxies the API in dev.
/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev:web` forwards API and WebSocket calls; the Nexus server listens on 8080 by default. */
const devApiTarget = process.env.NEXUS_DEV_API ?? 'http://localhost:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Mantine and React together exceed Vite's default warning size; one chunk is fine for an internal app.
    chunkSizeWarningLimit: 1500,
  },
  // `npx vitest run --config web/vite.config.ts` runs the UI's unit tests (pure logic, no DOM needed).
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
  // The proxy only exists for the dev server; the production server serves web/dist and the API itself.
  server: {
    port: 5173,
    proxy: {
      '/api': { target: devApiTarget, changeOrigin: true },
      '/ws': { target: devApiTarget.replace(/^http/, 'ws'), ws: true },
    },
  },
});
