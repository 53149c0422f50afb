/**
 * The verdict: after a source edit, every dependency install must come back CACHED — and with it every
 * step it builds on, except where BuildKit's content-keyed COPY cache absorbs a rerun. The step that
 * copies the edited file and what follows may rebuild. Steps of BuildKit's log are matched to planned
 * steps by stage label and number, checked against the keyword. No I/O.
 */
import { listing, shorten } from '../text.js';
import { readsFile, type BuildPlan, type PlannedStep } from './plan.js';
import { stepLabel, type ProgressStep } from './progress.js';

export type StepOutcome = 'cached' | 'rebuilt' | 'failed' | 'unreported';

export interface JudgedStep {
  planned: PlannedStep;
  warm: StepOutcome;
  edited: StepOutcome;
  /** Seconds BuildKit reported for the step in the rebuild after the edit. */
  editedSeconds: number | null;
  /** The step copies or mounts the edited file. */
  readsEditedFile: boolean;
}

export interface Judgement {
  verdict: 'pass' | 'fail' | 'error';
  /** One sentence: why it passed, failed, or proves nothing. */
  reason: string;
  /** Every dependency install that was rebuilt, explained. */
  problems: string[];
  steps: JudgedStep[];
  /** Steps in the log that the plan does not know (ONBUILD triggers, for example). */
  unplanned: ProgressStep[];
}

/** Planned step id → the log's step for it. */
export function matchSteps(plan: BuildPlan, progress: readonly ProgressStep[]): Map<number, ProgressStep> {
  const matched = new Map<number, ProgressStep>();
  const used = new Set<number>();
  const keywordOf = (text: string): string => (/^\S+/.exec(text)?.[0] ?? '').toUpperCase();
  for (const planned of plan.steps) {
    const found = progress.find(
      (step) =>
        !used.has(step.vertex) &&
        step.label === planned.label &&
        step.index === planned.index &&
        step.total === planned.total &&
        keywordOf(step.instruction) === planned.instruction.keyword,
    );
    if (found) {
      matched.set(planned.id, found);
      used.add(found.vertex);
    }
  }
  // BuildKit names a vertex shared by identical steps after one of them: match the rest by their text.
  const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
  for (const planned of plan.steps) {
    if (matched.has(planned.id) || planned.kind === 'from') continue;
    const found = progress.find((step) => !used.has(step.vertex) && collapse(step.instruction) === planned.text);
    if (found) {
      matched.set(planned.id, found);
      used.add(found.vertex);
    }
  }
  return matched;
}

function outcome(step: ProgressStep | undefined): StepOutcome {
  if (!step) return 'unreported';
  if (step.state === 'cached') return 'cached';
  if (step.state === 'done') return 'rebuilt';
  if (step.state === 'error') return 'failed';
  return 'unreported';
}

/** `step deps 4/4 \`RUN npm ci\` (line 9)`, or `step 5/9 …` in a one-stage Dockerfile. */
/** Instructions quoted in verdicts are cut to this many characters. */
const INSTRUCTION_LIMIT = 72;

export function describeStep(planned: PlannedStep): string {
  const label = stepLabel(planned).slice(1, -1);
  return `step ${label} \`${shorten(planned.text, INSTRUCTION_LIMIT)}\` (line ${planned.line})`;
}

export function quoteInstruction(planned: PlannedStep): string {
  return `\`${shorten(planned.text, INSTRUCTION_LIMIT)}\` (line ${planned.line})`;
}

/**
 * Judges the rebuild after editing `editedFile` (context-relative).
 *
 * @param warm the steps of the build before the edit
 * @param edited the steps of the rebuild after it
 */
export function judge(plan: BuildPlan, warm: readonly ProgressStep[], edited: readonly ProgressStep[], editedFile: string): Judgement {
  const warmMatches = matchSteps(plan, warm);
  const editedMatches = matchSteps(plan, edited);
  const matchedVertices = new Set([...editedMatches.values()].map((step) => step.vertex));
  const steps: JudgedStep[] = plan.steps.map((planned) => ({
    planned,
    warm: outcome(warmMatches.get(planned.id)),
    edited: outcome(editedMatches.get(planned.id)),
    editedSeconds: editedMatches.get(planned.id)?.seconds ?? null,
    readsEditedFile: planned.contextReads.some((read) => readsFile(read, editedFile)),
  }));
  const unplanned = edited.filter((step) => !matchedVertices.has(step.vertex));
  const base = { steps, unplanned };

  const installs = steps.filter((judged) => judged.planned.installs.length > 0);
  const unreportedInstall = installs.find((judged) => judged.edited === 'unreported');
  if (unreportedInstall) {
    return {
      ...base,
      verdict: 'error',
      reason: `${describeStep(unreportedInstall.planned)} does not appear in BuildKit's log of the rebuild, so it cannot be judged`,
      problems: [],
    };
  }

  const readers = steps.filter((judged) => judged.readsEditedFile);
  if (!readers.some((judged) => judged.edited === 'rebuilt')) {
    const which = readers.map((judged) => `${describeStep(judged.planned)}: ${judged.edited}`).join('; ');
    return {
      ...base,
      verdict: 'error',
      reason: `no step that copies ${editedFile} was rebuilt, so BuildKit did not see the edit and the run proves nothing (${which || 'no step copies it'})`,
      problems: [],
    };
  }

  const byId = new Map(steps.map((judged) => [judged.planned.id, judged]));
  // Only the installs decide: a step before one may rerun and still leave it cached, because BuildKit
  // keys a COPY by the content it copies (a `COPY --from` of an unchanged manifest, for example).
  const rebuilt = installs.filter((judged) => judged.edited === 'rebuilt');
  if (rebuilt.length === 0) {
    const installList = installs.map((judged) => quoteInstruction(judged.planned));
    const subject = installs.length === 1 ? `the dependency install ${installList.join('')}` : `the ${installs.length} dependency installs (${installList.join(', ')})`;
    return { ...base, verdict: 'pass', reason: `${subject} stayed CACHED after editing ${editedFile}`, problems: [] };
  }
  const problems = rebuilt.map((judged) => `${describeStep(judged.planned)} was rebuilt after editing ${editedFile}: ${cause(judged, byId)}`);
  return { ...base, verdict: 'fail', reason: problems[0] ?? '', problems };
}

/** Why an install was rebuilt: the earliest step it builds on that copies the edited file (and reran). */
function cause(judged: JudgedStep, byId: ReadonlyMap<number, JudgedStep>): string {
  const chain = [...judged.planned.upstream, judged.planned.id]
    .sort((a, b) => a - b)
    .map((id) => byId.get(id))
    .filter((step) => step !== undefined);
  const reader = chain.find((step) => step.readsEditedFile && step.edited === 'rebuilt') ?? chain.find((step) => step.readsEditedFile);
  if (reader) {
    if (reader.planned.id === judged.planned.id) {
      return `it bind-mounts ${listing(reader.planned.contextReads.map((read) => read.written || '.'))} from the context, which holds that file`;
    }
    if (reader.planned.stage !== judged.planned.stage) {
      return `it builds on stage ${reader.planned.label ?? String(reader.planned.stage.index)}, whose ${quoteInstruction(reader.planned)} copies that file`;
    }
    return `it comes after ${quoteInstruction(reader.planned)}, which copies that file`;
  }
  const earlier = chain.find((step) => step.planned.kind !== 'from' && step.edited === 'rebuilt' && step.planned.id !== judged.planned.id);
  if (earlier) return `nothing before it copies that file, but ${describeStep(earlier.planned)}, which it builds on, was rebuilt too (does it depend on something that changes on every build?)`;
  return 'nothing before it copies that file or was rebuilt; BuildKit did not reuse its cache (a cache-busting build argument?)';
}
