import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the gateway from its own origin, so every API call is same-origin (no CORS) and the
// dev server proxies the same paths to a running gateway.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: Object.fromEntries(
      ['/graphql', '/partner/graphql', '/portal/graphql', '/csat', '/console/config.json', '/console/dev-token'].map((p) => [
        p,
        'http://localhost:4000',
      ]),
    ),
  },
});
