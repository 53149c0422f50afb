/**
 * The places a Dockerfile stage names another stage or an image besides its FROM: `COPY --from`,
 * `ADD --from` and `RUN --mount=…,from=…`, with the location of the name itself.
 */
import type { DockerfileDoc, Flag, ImageGraph, Instruction, Stage } from '../project/model.js';
import type { Location } from '../source.js';
import { targetStage } from '../project/graph.js';
import { closest } from '../text.js';

/** The stage a `--from` names, as BuildKit reads it: an index is that position, a name its last stage. */
export function namedStage(dockerfile: DockerfileDoc, name: string): Stage | undefined {
  return /^\d+$/.test(name) ? dockerfile.stages[Number(name)] : targetStage(dockerfile, name);
}

export interface StageReference {
  /** The stage name, index or image as written. */
  name: string;
  /** Where the name is written (the whole flag when it cannot be pinned down). */
  location: Location;
  /** `COPY --from`, `ADD --from` or `RUN --mount from`. */
  via: string;
}

/** The location of `value` inside a flag, after `key=` (`--from=build`, `--mount=type=bind,from=deps`). */
function valueLocation(dockerfile: DockerfileDoc, flag: Flag, key: string, value: string): Location {
  const { source } = dockerfile;
  const start = source.offsetAt(flag.range.start);
  const text = source.text.slice(start, source.offsetAt(flag.range.end));
  const match = new RegExp(`(?:^--|,|=)${key}=(["']?)`).exec(text);
  if (match === null) return { file: source.path, range: flag.range };
  const valueStart = start + match.index + match[0].length;
  return text.startsWith(value, match.index + match[0].length)
    ? source.location(valueStart, valueStart + value.length)
    : { file: source.path, range: flag.range };
}

/** The names an instruction refers to through `--from`. */
export function referencesOf(dockerfile: DockerfileDoc, instruction: Instruction): StageReference[] {
  const references: StageReference[] = [];
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    for (const flag of instruction.flags) {
      if (flag.name !== 'from' || flag.value === null || flag.value === '') continue;
      references.push({ name: flag.value, location: valueLocation(dockerfile, flag, 'from', flag.value), via: `${instruction.keyword} --from` });
    }
  } else if (instruction.keyword === 'RUN') {
    for (const flag of instruction.flags) {
      const from = flag.options.from;
      if (flag.name !== 'mount' || from === undefined || from === '') continue;
      references.push({ name: from, location: valueLocation(dockerfile, flag, 'from', from), via: 'RUN --mount from' });
    }
  }
  return references;
}

/** Every `--from` reference of a stage's instructions. */
export function stageReferences(dockerfile: DockerfileDoc, stage: Stage): readonly StageReference[] {
  // Made once per stage: rules and every walk of the stages a stage builds on ask again.
  const known = referencesByStage.get(stage);
  if (known?.dockerfile === dockerfile) return known.references;
  const references = stage.instructions.flatMap((instruction) => referencesOf(dockerfile, instruction));
  referencesByStage.set(stage, { dockerfile, references });
  return references;
}

const referencesByStage = new WeakMap<Stage, { dockerfile: DockerfileDoc; references: readonly StageReference[] }>();

/** The stages of the same file a stage builds on directly: its FROM, and what its `--from` uses name. */
export function sourceStages(graph: ImageGraph, dockerfile: DockerfileDoc, stage: Stage): Stage[] {
  const sources = [graph.parentOf(dockerfile, stage), ...stageReferences(dockerfile, stage).map((reference) => graph.resolveFrom(dockerfile, stage, reference.name))];
  return sources.flatMap((source) => (source.kind === 'stage' && source.dockerfile === dockerfile ? [source.stage] : []));
}

/** How messages name a stage: `'build'`, or `#1 (unnamed)` by the index Docker knows it by. */
export function stageLabel(stage: Stage): string {
  return stage.name === null ? `#${stage.index} (unnamed)` : `'${stage.name}'`;
}

/** A name that can only be a stage or a Docker Hub image without tag: no registry, path, tag, digest or variable. */
const BARE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * The earlier stage a bare `--from` name that is no stage probably means (`biuld` → `build`), or `null`.
 * One edit in names under four characters, two in longer ones.
 */
export function misspeltStage(dockerfile: DockerfileDoc, stage: Stage, name: string): string | null {
  if (!BARE_NAME.test(name)) return null;
  const earlierNames = dockerfile.stages.slice(0, stage.index).flatMap((candidate) => (candidate.name === null ? [] : [candidate.name]));
  return closest(name, earlierNames, (candidate) => (candidate.length < 4 ? 1 : 2));
}
