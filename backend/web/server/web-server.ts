/**
 * The web front end's runtime server: serves the Vite build from disk and proxies `/api/*` to the API,
 * so the browser talks to one origin. Plain `node:http`; no dependencies, no package manager needed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export interface WebServerOptions {
  /** Directory with index.html and assets/ (Vite's output). */
  publicDir: string;
  /** Base URL of the API, e.g. `http://api:3000`. */
  apiUrl: URL;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Request headers worth passing to the API (hop-by-hop headers are not). */
const FORWARDED_HEADERS = ['accept', 'content-type', 'content-length', 'user-agent'];

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

/**
 * Maps a URL path to a file under `publicDir`, or `null` when the path escapes it or is malformed.
 * Exported for tests.
 */
export function resolvePublicPath(publicDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = normalize(publicDir + sep);
  const candidate = normalize(join(root, decoded));
  return candidate.startsWith(root) ? candidate : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function serveStatic(options: WebServerOptions, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    return;
  }
  let file = resolvePublicPath(options.publicDir, pathname === '/' ? '/index.html' : pathname);
  if (file === null) {
    sendText(res, 400, 'bad path');
    return;
  }
  if (!(await isFile(file))) {
    // Client-side routes (no file extension) get the app shell; missing assets are real 404s.
    if (extname(pathname) !== '') {
      sendText(res, 404, 'not found');
      return;
    }
    file = join(options.publicDir, 'index.html');
  }
  const size = (await stat(file)).size;
  const hashedAsset = pathname.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': size,
    // Vite puts content hashes in asset names, so they never change; index.html must be revalidated.
    'cache-control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function proxyToApi(options: WebServerOptions, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(req.url ?? '/', options.apiUrl);
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = httpRequest(target, { method: req.method ?? 'GET', headers }, (apiRes) => {
    const responseHeaders: Record<string, string> = {};
    for (const name of ['content-type', 'content-length', 'cache-control', 'allow']) {
      const value = apiRes.headers[name];
      if (typeof value === 'string') responseHeaders[name] = value;
    }
    res.writeHead(apiRes.statusCode ?? 502, responseHeaders);
    apiRes.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) sendText(res, 502, 'the API is unreachable');
    else res.destroy();
  });
  req.pipe(upstream);
}

export function createWebServer(options: WebServerOptions): Server {
  return createServer((req, res) => {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://web.invalid').pathname;
    } catch {
      sendText(res, 400, 'bad request');
      return;
    }
    if (pathname === '/health') {
      sendText(res, 200, 'ok');
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      proxyToApi(options, req, res);
      return;
    }
    serveStatic(options, req, res, pathname).catch((error: unknown) => {
      console.error('failed to serve', pathname, error);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
}
