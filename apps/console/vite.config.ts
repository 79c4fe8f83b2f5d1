import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w apps/console`: the console on http://localhost:5173 against the gateway of
// `npm start` (its API paths proxied to :4000). `vite build` writes dist/, which the gateway serves at `/`.
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(['/graphql', '/documents', '/reports', '/dev/token'].map((path) => [path, gateway])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The manifest lists each chunk and its imports: the budget benchmark and the mutation-coverage test read it.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
});
