/**
 * The live pages are built once and served by the gateway at /live (see gateway/src/live-pages.ts).
 * `npm run dev -w @qc/web` serves them with hot reload on their own port instead, passing /graphql
 * (HTTP and WebSocket) through to the gateway at GATEWAY_URL.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  base: '/live/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/graphql': { target: gateway, ws: true, changeOrigin: true }, '/live/dev-token': { target: gateway, changeOrigin: true } },
  },
});
