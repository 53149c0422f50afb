/** Talks to the API (same origin: the web server proxies /api to it). */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface PoseJob {
  id: string;
  status: JobStatus;
  video: string;
  result?: { frames: number; people: number; output: string };
  error?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const JOB_STATUSES: readonly string[] = ['queued', 'running', 'done', 'failed'];

function isPoseJob(value: unknown): value is PoseJob {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Record<string, unknown>;
  return typeof job['id'] === 'string' && typeof job['video'] === 'string' && JOB_STATUSES.includes(String(job['status']));
}

async function readJob(response: Response): Promise<PoseJob> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Leave body null: reported below with the status code.
  }
  if (!response.ok) {
    const message =
      typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string'
        ? (body as { error: string }).error
        : `request failed with status ${response.status}`;
    throw new ApiError(response.status, message);
  }
  if (!isPoseJob(body)) throw new ApiError(response.status, 'unexpected answer from the API');
  return body;
}

export async function submitJob(video: string, fetchImpl: Fetch = fetch): Promise<PoseJob> {
  const response = await fetchImpl('/api/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ video }),
  });
  return readJob(response);
}

export async function getJob(id: string, fetchImpl: Fetch = fetch): Promise<PoseJob> {
  return readJob(await fetchImpl(`/api/jobs/${encodeURIComponent(id)}`));
}

export interface PollOptions {
  fetchImpl?: Fetch;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onUpdate?: (job: PoseJob) => void;
}

/** Polls a job until it is done or failed. */
export async function waitForJob(id: string, options: PollOptions = {}): Promise<PoseJob> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const intervalMs = options.intervalMs ?? 2_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const job = await getJob(id, fetchImpl);
    options.onUpdate?.(job);
    if (job.status === 'done' || job.status === 'failed') return job;
    await sleep(intervalMs);
  }
}

export function describeJob(job: PoseJob): string {
  switch (job.status) {
    case 'queued':
      return `Queued: ${job.video}`;
    case 'running':
      return `Analysing ${job.video}…`;
    case 'done':
      return job.result
        ? `Done: ${job.result.frames} frames, up to ${job.result.people} people per frame.`
        : 'Done.';
    case 'failed':
      return `Failed: ${job.error ?? 'unknown error'}`;
  }
}
