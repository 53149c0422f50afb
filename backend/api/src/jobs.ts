/** Validation of video job requests, shared by the API routes. */

/** Video files live in the shared data volume under `videos/`; a job names one relative to it. */
const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.mkv', '.avi', '.webm']);
const MAX_VIDEO_PATH_LENGTH = 512;

/** Job ids are issued by the pose service: 32 lower-case hex digits. */
export const JOB_ID_PATTERN = /^[0-9a-f]{32}$/;

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

export interface VideoJobRequest {
  video: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateVideoJob(body: unknown): Validation<VideoJobRequest> {
  if (!isRecord(body)) return { ok: false, error: 'body must be a JSON object' };
  const video = body['video'];
  if (typeof video !== 'string' || video === '') {
    return { ok: false, error: '"video" must be a non-empty string' };
  }
  if (video.length > MAX_VIDEO_PATH_LENGTH) {
    return { ok: false, error: `"video" must be at most ${MAX_VIDEO_PATH_LENGTH} characters` };
  }
  const segments = video.split('/');
  if (video.startsWith('/') || video.includes('\\') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    return { ok: false, error: '"video" must be a relative path inside the videos folder, without "." or ".." segments' };
  }
  const dot = video.lastIndexOf('.');
  const extension = dot === -1 ? '' : video.slice(dot).toLowerCase();
  if (!VIDEO_EXTENSIONS.has(extension)) {
    return { ok: false, error: `"video" must end in one of ${[...VIDEO_EXTENSIONS].join(', ')}` };
  }
  return { ok: true, value: { video } };
}
