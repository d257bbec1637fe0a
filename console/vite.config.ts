// The operator console's build: React through @vitejs/plugin-react, written to console/dist,
// which the API serves at / (api/console/static.ts). `npm run console:dev` proxies the API.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API = process.env.BULWARK_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names under /assets/: the API caches them for a year, index.html never.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/timeline', '/telemetry', '/cycle', '/health', '/openapi.json'].map((p) => [p, API])),
  },
});
