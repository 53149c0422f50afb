/** Entry point (`node server/main.js` in the runtime image). */
import { fileURLToPath } from 'node:url';
import { createWebServer } from './web-server.js';

const apiUrlText = process.env['API_URL'] ?? 'http://api:3000';
let apiUrl: URL;
try {
  apiUrl = new URL(apiUrlText);
} catch {
  console.error(`configuration error: API_URL is not a URL: "${apiUrlText}"`);
  process.exit(2);
}
const port = Number(process.env['PORT'] ?? '8080');
const publicDir = process.env['PUBLIC_DIR'] ?? fileURLToPath(new URL('../public/', import.meta.url));

const server = createWebServer({ publicDir, apiUrl });
server.listen(port, '0.0.0.0', () => {
  console.log(`web listening on :${port}, serving ${publicDir}, API at ${apiUrl.href}`);
});
// PID 1 in the container: handle stop signals so `docker stop` does not wait for SIGKILL.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
