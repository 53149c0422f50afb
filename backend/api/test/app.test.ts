import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiServer } from '../src/app.js';
import { ConfigError, readConfig, type ApiConfig } from '../src/config.js';
import { validateVideoJob } from '../src/jobs.js';

interface Recorded {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

/** A stand-in pose service that records requests and answers with a scripted reply. */
class FakePose {
  readonly requests: Recorded[] = [];
  reply: (req: IncomingMessage) => { status: number; body: string } | 'hang' = () => ({ status: 200, body: '{}' });
  readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = this.reply(req);
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const JOB_ID = '0123456789abcdef0123456789abcdef';

describe('API server', () => {
  let pose: FakePose;
  let api: Server;
  let apiUrl: string;

  async function startApi(overrides: Partial<ApiConfig> = {}): Promise<void> {
    const poseUrl = await listen(pose.server);
    api = createApiServer({
      host: '127.0.0.1',
      port: 0,
      poseServiceUrl: new URL(poseUrl),
      poseTimeoutMs: 2_000,
      ...overrides,
    });
    apiUrl = await listen(api);
  }

  beforeEach(() => {
    pose = new FakePose();
  });
  afterEach(async () => {
    await close(api);
    if (pose.server.listening) await close(pose.server);
  });

  it('answers /health without calling the pose service', async () => {
    await startApi();
    const res = await fetch(`${apiUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(pose.requests).toEqual([]);
  });

  it('forwards a valid video job to the pose service and relays its answer', async () => {
    pose.reply = () => ({ status: 202, body: JSON.stringify({ id: JOB_ID, status: 'queued', video: 'runs/day1.mp4' }) });
    await startApi();
    const res = await fetch(`${apiUrl}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ video: 'runs/day1.mp4', ignored: true }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: JOB_ID, status: 'queued', video: 'runs/day1.mp4' });
    expect(pose.requests).toEqual([
      { method: 'POST', url: '/jobs', contentType: 'application/json', body: '{"video":"runs/day1.mp4"}' },
    ]);
  });

  it('forwards job status requests, relaying the pose service status code', async () => {
    pose.reply = (req) =>
      req.url === `/jobs/${JOB_ID}`
        ? { status: 200, body: JSON.stringify({ id: JOB_ID, status: 'done' }) }
        : { status: 404, body: '{"error":"no such job"}' };
    await startApi();
    const found = await fetch(`${apiUrl}/api/jobs/${JOB_ID}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toEqual({ id: JOB_ID, status: 'done' });
    const missing = await fetch(`${apiUrl}/api/jobs/${'f'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no such job' });
    expect(pose.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /jobs/${JOB_ID}`, `GET /jobs/${'f'.repeat(32)}`]);
  });

  it('rejects malformed job ids without calling the pose service', async () => {
    await startApi();
    for (const id of ['123', 'ABCDEF0123456789ABCDEF0123456789', '..%2F..%2Fhealth']) {
      const res = await fetch(`${apiUrl}/api/jobs/${id}`);
      expect(res.status, id).toBe(404);
      expect(await res.json()).toEqual({ error: 'no such job' });
    }
    expect(pose.requests).toEqual([]);
  });

  it.each([
    ['application/json', '{"video": 1', 400, 'body is not valid JSON'],
    ['text/plain', '{"video":"a.mp4"}', 415, 'content-type must be application/json'],
    ['application/json', '[]', 400, 'body must be a JSON object'],
    ['application/json', '{}', 400, '"video" must be a non-empty string'],
    [
      'application/json',
      '{"video":"../secrets.mp4"}',
      400,
      '"video" must be a relative path inside the videos folder, without "." or ".." segments',
    ],
    ['application/json', '{"video":"notes.txt"}', 400, '"video" must end in one of .mp4, .mov, .mkv, .avi, .webm'],
  ])('answers %s %s with %i', async (contentType, body, status, error) => {
    await startApi();
    const res = await fetch(`${apiUrl}/api/jobs`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    expect(pose.requests).toEqual([]);
  });

  it('refuses bodies over 64 KiB with 413', async () => {
    await startApi();
    const res = await fetch(`${apiUrl}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ video: 'a.mp4', padding: 'x'.repeat(70 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'body must be at most 65536 bytes' });
  });

  it('answers 405 with an Allow header, and 404 for unknown paths', async () => {
    await startApi();
    const wrongMethod = await fetch(`${apiUrl}/api/jobs`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await fetch(`${apiUrl}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not found' });
  });

  it('answers 502 when the pose service is down', async () => {
    await startApi();
    await close(pose.server);
    const res = await fetch(`${apiUrl}/api/jobs/${JOB_ID}`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: 'pose service is unreachable' });
  });

  it('answers 504 when the pose service does not answer in time', async () => {
    pose.reply = () => 'hang';
    await startApi({ poseTimeoutMs: 150 });
    const res = await fetch(`${apiUrl}/api/jobs/${JOB_ID}`);
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ error: 'pose service did not answer in time' });
  });

  it('answers 502 when the pose service does not answer JSON', async () => {
    pose.reply = () => ({ status: 500, body: '<html>oops</html>' });
    await startApi();
    const res = await fetch(`${apiUrl}/api/jobs/${JOB_ID}`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: 'pose service answered 500 without JSON' });
  });
});

describe('validateVideoJob', () => {
  it.each(['a.mp4', 'runs/2024-01-02/Run 3.MOV', 'x/y/z.webm'])('accepts %s', (video) => {
    expect(validateVideoJob({ video })).toEqual({ ok: true, value: { video } });
  });
  it.each(['/abs/a.mp4', 'a//b.mp4', './a.mp4', 'a\\b.mp4', 'a.mp4.txt', 'mp4', `${'a'.repeat(509)}.mp4`])(
    'rejects %s',
    (video) => {
      expect(validateVideoJob({ video }).ok).toBe(false);
    },
  );
});

describe('readConfig', () => {
  it('reads defaults and the pose service URL', () => {
    expect(readConfig({ POSE_SERVICE_URL: 'http://pose-service:8000' })).toEqual({
      host: '0.0.0.0',
      port: 3000,
      poseServiceUrl: new URL('http://pose-service:8000'),
      poseTimeoutMs: 10_000,
    });
  });
  it('reads every setting', () => {
    expect(
      readConfig({ POSE_SERVICE_URL: 'https://pose.example:9000/', HOST: '127.0.0.1', PORT: '8081', POSE_TIMEOUT_MS: '250' }),
    ).toEqual({ host: '127.0.0.1', port: 8081, poseServiceUrl: new URL('https://pose.example:9000/'), poseTimeoutMs: 250 });
  });
  it.each([
    [{}, 'POSE_SERVICE_URL is required, e.g. http://pose-service:8000'],
    [{ POSE_SERVICE_URL: 'not a url' }, 'POSE_SERVICE_URL is not a URL: "not a url"'],
    [{ POSE_SERVICE_URL: 'ftp://pose' }, 'POSE_SERVICE_URL must be http or https, got "ftp:"'],
    [{ POSE_SERVICE_URL: 'http://pose', PORT: '70000' }, 'PORT must be a port number (0-65535), got "70000"'],
    [{ POSE_SERVICE_URL: 'http://pose', POSE_TIMEOUT_MS: '-5' }, 'POSE_TIMEOUT_MS must be a positive integer, got "-5"'],
  ])('rejects %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(new ConfigError(message));
  });
});
