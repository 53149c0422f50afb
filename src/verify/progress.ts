/**
 * Reads BuildKit's `--progress=plain` output: the stage steps (`#7 [deps 3/4] RUN npm ci`) with how each
 * ended (`#7 CACHED`, `#7 DONE 4.2s`, `#7 ERROR: …`). Steps that run in parallel interleave, and BuildKit
 * repeats a step's header when its output resumes, so steps are keyed by vertex number.
 */

export type StepState = 'cached' | 'done' | 'error' | 'canceled' | 'unfinished';

/** One stage step of a build, as BuildKit printed it. */
export interface ProgressStep {
  /** The `#N` vertex number. */
  vertex: number;
  /** The stage label BuildKit prints (`deps`, `stage-2`); `null` for a Dockerfile with one stage. */
  label: string | null;
  /** 1-based position in its stage, and the stage's number of steps. */
  index: number;
  total: number;
  /** The instruction as BuildKit prints it: keyword upper-cased, continuations joined, ARGs expanded. */
  instruction: string;
  state: StepState;
  /** Seconds from the `DONE` line, when printed. */
  seconds: number | null;
  /** The message of an `ERROR:` line. */
  error: string | null;
}

const STEP_HEADER = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;
const STEP_END = /^#(\d+) (CACHED|DONE(?: ([\d.]+)s)?|CANCELED|ERROR:? ?(.*))$/;

/** The stage steps of a plain-progress log, in order of first appearance. */
export function parseProgress(log: string): ProgressStep[] {
  const steps = new Map<number, ProgressStep>();
  const endings = new Map<number, Pick<ProgressStep, 'state' | 'seconds' | 'error'>>();
  for (const rawLine of log.split('\n')) {
    const line = rawLine.replace(/\r$/, '').trimEnd();
    const header = STEP_HEADER.exec(line);
    if (header) {
      const [, vertex, label, index, total, instruction] = header;
      const id = Number(vertex);
      if (!steps.has(id)) {
        steps.set(id, {
          vertex: id,
          label: label ?? null,
          index: Number(index),
          total: Number(total),
          instruction: instruction ?? '',
          state: 'unfinished',
          seconds: null,
          error: null,
        });
      }
      continue;
    }
    const end = STEP_END.exec(line);
    if (!end) continue;
    const [, vertex, word = '', seconds, message] = end;
    const id = Number(vertex);
    // A vertex can end more than once only when it is shared; a failure or a real run outranks CACHED.
    const previous = endings.get(id);
    if (word === 'CACHED') {
      if (!previous) endings.set(id, { state: 'cached', seconds: null, error: null });
    } else if (word.startsWith('DONE')) {
      if (previous?.state !== 'error') endings.set(id, { state: 'done', seconds: seconds === undefined ? null : Number(seconds), error: null });
    } else if (word === 'CANCELED') {
      if (!previous) endings.set(id, { state: 'canceled', seconds: null, error: null });
    } else {
      endings.set(id, { state: 'error', seconds: null, error: (message ?? '').trim() || null });
    }
  }
  return [...steps.values()].map((step) => ({ ...step, ...endings.get(step.vertex) }));
}

/** BuildKit's name for a step, as in its log: `[deps 3/4]`, or `[2/5]` in a one-stage Dockerfile. */
export function stepLabel(step: Pick<ProgressStep, 'label' | 'index' | 'total'>): string {
  return `[${step.label === null ? '' : `${step.label} `}${step.index}/${step.total}]`;
}

/** A step as the report lists it: `[runtime 3/7] COPY src ./src (line 12)`. */
export function stepLine(step: Pick<ProgressStep, 'label' | 'index' | 'total'> & { text: string; line: number }): string {
  return `${stepLabel(step)} ${step.text} (line ${step.line})`;
}

/**
 * Why a build failed, in BuildKit's words: the first `ERROR:` of a step, else the client's last
 * `error:`/`ERROR:`/`failed to …` line, else the last non-empty line.
 */
export function buildFailure(log: string): string {
  const lines = log.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  for (const line of lines) {
    const stepError = /^#\d+ ERROR:? ?(.*)$/.exec(line);
    if (stepError?.[1]) return stepError[1];
  }
  const clientError = lines.findLast((line) => /^(?:error|ERROR)\b|^failed to /.test(line));
  return clientError ?? lines.at(-1) ?? 'the build failed without output';
}

/** The last `count` telling lines of a log, for showing a failed build: no blank lines, no vertex digests. */
export function logTail(log: string, count: number): string[] {
  return log
    .split('\n')
    .map((line) => line.replace(/\r$/, '').trimEnd())
    .filter((line) => line !== '' && !/^#\d+ sha256:[0-9a-f]{64}$/.test(line))
    .slice(-count);
}
