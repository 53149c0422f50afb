/**
 * The API's HTTP handler on `node:http`: a health endpoint, and video jobs that are forwarded to the
 * pose service, which does the GPU work.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiConfig } from './config.js';
import { JOB_ID_PATTERN, validateVideoJob } from './jobs.js';

const MAX_BODY_BYTES = 64 * 1024;

export type Fetch = typeof fetch;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** For 405: the methods the resource accepts. */
    readonly allow: string | null = null,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'content-type must be application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

/** Calls the pose service and relays its status and JSON body; network failures become 502/504. */
async function forwardToPose(
  config: ApiConfig,
  fetchImpl: Fetch,
  res: ServerResponse,
  path: string,
  init: { method: 'GET' } | { method: 'POST'; body: string },
): Promise<void> {
  const url = new URL(path, config.poseServiceUrl);
  let upstream: Response;
  try {
    upstream = await fetchImpl(url, {
      ...init,
      headers: { accept: 'application/json', ...(init.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      signal: AbortSignal.timeout(config.poseTimeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    sendJson(res, timedOut ? 504 : 502, {
      error: timedOut ? 'pose service did not answer in time' : 'pose service is unreachable',
    });
    return;
  }
  let body: unknown;
  try {
    body = await upstream.json();
  } catch {
    sendJson(res, 502, { error: `pose service answered ${upstream.status} without JSON` });
    return;
  }
  sendJson(res, upstream.status, body);
}

async function route(config: ApiConfig, fetchImpl: Fetch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://api.invalid');
  const method = req.method ?? 'GET';

  if (pathname === '/health') {
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed', 'GET, HEAD');
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  if (pathname === '/api/jobs') {
    if (method !== 'POST') throw new HttpError(405, 'method not allowed', 'POST');
    const validation = validateVideoJob(await readJsonBody(req));
    if (!validation.ok) throw new HttpError(400, validation.error);
    await forwardToPose(config, fetchImpl, res, '/jobs', {
      method: 'POST',
      body: JSON.stringify(validation.value),
    });
    return;
  }
  const jobMatch = /^\/api\/jobs\/([^/]+)$/.exec(pathname);
  if (jobMatch) {
    if (method !== 'GET') throw new HttpError(405, 'method not allowed', 'GET');
    const id = jobMatch[1] ?? '';
    if (!JOB_ID_PATTERN.test(id)) throw new HttpError(404, 'no such job');
    await forwardToPose(config, fetchImpl, res, `/jobs/${id}`, { method: 'GET' });
    return;
  }
  throw new HttpError(404, 'not found');
}

export function createApiServer(config: ApiConfig, fetchImpl: Fetch = fetch): Server {
  return createServer((req, res) => {
    route(config, fetchImpl, req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.allow !== null) res.setHeader('allow', error.allow);
        sendJson(res, error.status, { error: error.message });
        return;
      }
      console.error('unexpected error', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
}
