import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    // The server is compiled to dist/server; the static files go beside it.
    outDir: 'dist/public',
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` outside Docker: send API calls to a locally running API.
    proxy: { '/api': process.env['API_URL'] ?? 'http://localhost:3000' },
  },
});
