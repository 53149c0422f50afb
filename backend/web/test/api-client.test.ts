import { describe, expect, it } from 'vitest';
import { ApiError, describeJob, getJob, submitJob, waitForJob, type Fetch, type PoseJob } from '../src/api-client.js';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('api client', () => {
  it('submits a job as JSON to /api/jobs', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fetchImpl: Fetch = (input, init) => {
      calls.push([input, init]);
      return Promise.resolve(jsonResponse(202, { id: 'abc', status: 'queued', video: 'a.mp4' }));
    };
    await expect(submitJob('a.mp4', fetchImpl)).resolves.toEqual({ id: 'abc', status: 'queued', video: 'a.mp4' });
    expect(calls).toEqual([
      ['/api/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"video":"a.mp4"}' }],
    ]);
  });

  it('turns error answers into ApiError with the server message', async () => {
    const fetchImpl: Fetch = () => Promise.resolve(jsonResponse(400, { error: '"video" must be a non-empty string' }));
    await expect(submitJob('', fetchImpl)).rejects.toEqual(new ApiError(400, '"video" must be a non-empty string'));
    const notJson: Fetch = () => Promise.resolve(new Response('<html>', { status: 502 }));
    await expect(getJob('abc', notJson)).rejects.toEqual(new ApiError(502, 'request failed with status 502'));
    const wrongShape: Fetch = () => Promise.resolve(jsonResponse(200, { id: 'abc', status: 'exploded', video: 'a.mp4' }));
    await expect(getJob('abc', wrongShape)).rejects.toEqual(new ApiError(200, 'unexpected answer from the API'));
  });

  it('polls until the job is done, reporting each state', async () => {
    const states: PoseJob[] = [
      { id: 'abc', status: 'queued', video: 'a.mp4' },
      { id: 'abc', status: 'running', video: 'a.mp4' },
      { id: 'abc', status: 'done', video: 'a.mp4', result: { frames: 120, people: 2, output: 'outputs/abc/poses.jsonl' } },
    ];
    const requested: string[] = [];
    const fetchImpl: Fetch = (input) => {
      requested.push(input);
      return Promise.resolve(jsonResponse(200, states[requested.length - 1]));
    };
    const sleeps: number[] = [];
    const seen: string[] = [];
    const job = await waitForJob('abc', {
      fetchImpl,
      intervalMs: 50,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      onUpdate: (update) => seen.push(describeJob(update)),
    });
    expect(job).toEqual(states[2]);
    expect(requested).toEqual(['/api/jobs/abc', '/api/jobs/abc', '/api/jobs/abc']);
    expect(sleeps).toEqual([50, 50]);
    expect(seen).toEqual(['Queued: a.mp4', 'Analysing a.mp4…', 'Done: 120 frames, up to 2 people per frame.']);
  });

  it('describes failures', () => {
    expect(describeJob({ id: 'x', status: 'failed', video: 'a.mp4', error: 'the ML stack is not installed' })).toBe(
      'Failed: the ML stack is not installed',
    );
    expect(describeJob({ id: 'x', status: 'failed', video: 'a.mp4' })).toBe('Failed: unknown error');
  });
});
