import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWebServer, resolvePublicPath } from '../server/web-server.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('resolvePublicPath', () => {
  it.each([
    ['/index.html', '/srv/public/index.html'],
    ['/assets/app-1a2b.js', '/srv/public/assets/app-1a2b.js'],
    ['/a/../index.html', '/srv/public/index.html'],
    ['/%2e%2e/secret', null],
    ['/..%2F..%2Fetc/passwd', null],
    ['/bad%zzescape', null],
    ['/nul%00byte', null],
  ])('%s → %s', (pathname, expected) => {
    expect(resolvePublicPath('/srv/public', pathname)).toBe(expected);
  });
});

describe('web server', () => {
  let publicDir: string;
  let api: Server;
  let web: Server | undefined;
  const apiRequests: { method: string; url: string; body: string }[] = [];

  beforeAll(async () => {
    publicDir = mkdtempSync(join(tmpdir(), 'web-public-'));
    mkdirSync(join(publicDir, 'assets'));
    writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(publicDir, 'assets', 'main-abc123.js'), 'console.log(1);');
    writeFileSync(join(publicDir, 'assets', 'main-abc123.css'), 'body{}');
    api = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        apiRequests.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() });
        res.writeHead(202, { 'content-type': 'application/json', 'x-internal': 'hidden' });
        res.end('{"id":"x","status":"queued"}');
      });
    });
  });
  afterAll(() => {
    rmSync(publicDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    if (web) await close(web);
    if (api.listening) await close(api);
    web = undefined;
    apiRequests.length = 0;
  });

  async function start(): Promise<string> {
    const apiUrl = await listen(api);
    web = createWebServer({ publicDir, apiUrl: new URL(apiUrl) });
    return listen(web);
  }

  it.each([
    ['/', 200, 'text/html; charset=utf-8', 'no-cache', '<!doctype html><title>app</title>'],
    ['/index.html', 200, 'text/html; charset=utf-8', 'no-cache', '<!doctype html><title>app</title>'],
    ['/assets/main-abc123.js', 200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable', 'console.log(1);'],
    ['/assets/main-abc123.css', 200, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable', 'body{}'],
    ['/jobs/42', 200, 'text/html; charset=utf-8', 'no-cache', '<!doctype html><title>app</title>'],
  ])('GET %s → %i %s', async (path, status, contentType, cacheControl, body) => {
    const base = await start();
    const res = await fetch(base + path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(contentType);
    expect(res.headers.get('cache-control')).toBe(cacheControl);
    expect(await res.text()).toBe(body);
  });

  it.each([
    ['/assets/missing.js', 404, 'not found'],
    ['/..%2F..%2Fetc%2Fpasswd', 400, 'bad path'],
    // Encoded dot segments are removed by URL parsing itself, so this stays inside the public dir.
    ['/%2e%2e/%2e%2e/etc/passwd', 200, '<!doctype html><title>app</title>'],
    ['/health', 200, 'ok'],
  ])('GET %s → %i', async (path, status, body) => {
    const base = await start();
    const res = await fetch(base + path);
    expect(res.status).toBe(status);
    expect(await res.text()).toBe(body);
  });

  it('refuses other methods on static files', async () => {
    const base = await start();
    const res = await fetch(`${base}/index.html`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('proxies /api requests with their method and body, and only safe headers back', async () => {
    const base = await start();
    const res = await fetch(`${base}/api/jobs?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'secret=1' },
      body: '{"video":"a.mp4"}',
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-internal')).toBeNull();
    expect(await res.json()).toEqual({ id: 'x', status: 'queued' });
    expect(apiRequests).toEqual([{ method: 'POST', url: '/api/jobs?x=1', body: '{"video":"a.mp4"}' }]);
  });

  it('answers 502 when the API is down', async () => {
    const base = await start();
    await close(api);
    const res = await fetch(`${base}/api/jobs/abc`);
    expect(res.status).toBe(502);
    expect(await res.text()).toBe('the API is unreachable');
  });
});
