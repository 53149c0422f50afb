/**
 * What a stage is built on, in words rules can print: the chain of stages and images behind a stage
 * (through stages of the same file, local base images and their own Dockerfiles, up to an upstream
 * image), and the environment and user an instruction runs with.
 */
import { isInstruction, type CommandLine, type DockerfileDoc, type ImageSource, type Instruction, type Project, type ShellCommand, type Stage } from '../project/model.js';
import type { Location, Range, RelatedLocation } from '../source.js';
import { substituteArgs } from '../project/image-ref.js';
import { shorten } from '../text.js';

/** One image or stage a stage derives from. */
export interface ChainLink {
  source: ImageSource;
  /** The Dockerfile and stage behind a stage or local image; `null` for upstream images, scratch and unresolved references. */
  dockerfile: DockerfileDoc | null;
  stage: Stage | null;
  /** How to name it in a message: `stage 'deps'`, `base-node:latest`, `node:20-alpine`. */
  label: string;
}

/** `stage 'deps'`, or `stage 0` when unnamed; with the file when it is not `viewedFrom`. */
export function stageLabel(dockerfile: DockerfileDoc, stage: Stage, viewedFrom: DockerfileDoc | null = null): string {
  const name = stage.name === null ? `stage ${stage.index}` : `stage '${stage.name}'`;
  return viewedFrom === dockerfile ? name : `${name} of ${dockerfile.source.path}`;
}

/** The stages and images a stage derives from, nearest first (see `ImageGraph.ancestry`). */
export function stageChain(project: Project, dockerfile: DockerfileDoc, stage: Stage): ChainLink[] {
  return project.graph.ancestry(dockerfile, stage).map((source): ChainLink => {
    switch (source.kind) {
      case 'stage':
        return { source, dockerfile: source.dockerfile, stage: source.stage, label: stageLabel(source.dockerfile, source.stage, dockerfile) };
      case 'local':
        return { source, dockerfile: source.producer.dockerfile, stage: source.producer.stage, label: source.image };
      case 'external':
      case 'unresolved':
        return { source, dockerfile: null, stage: null, label: source.ref.text };
      case 'scratch':
        return { source, dockerfile: null, stage: null, label: 'scratch' };
    }
  });
}

/** The stages of the same file a stage derives from (`FROM deps`), nearest first. */
export function sameFileAncestors(project: Project, dockerfile: DockerfileDoc, stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (const source of project.graph.ancestry(dockerfile, stage)) {
    if (source.kind !== 'stage' || source.dockerfile !== dockerfile) break;
    stages.push(source.stage);
  }
  return stages;
}

/**
 * `runtime stage ← base-node:latest (backend/docker/base-node/Dockerfile:12 installs build-base) ←
 * node:20`: the chain up to the farthest link that has a note, each link with its notes.
 */
export function describeChain(start: string, links: readonly ChainLink[], notes: ReadonlyMap<number, readonly string[]>): string {
  const last = Math.max(-1, ...notes.keys());
  const parts = [start];
  for (let index = 0; index <= last; index++) {
    const link = links[index];
    if (link === undefined) break;
    const linkNotes = notes.get(index) ?? [];
    parts.push(linkNotes.length === 0 ? link.label : `${link.label} (${linkNotes.join('; ')})`);
  }
  return parts.join(' ← ');
}

/** Where something a stage inherits comes from: link `link` of its chain, at an instruction or (`null`) the image. */
export interface InheritedFrom {
  link: number;
  location: Location | null;
  /** What the instruction does with it: `installs`, `runs`, … */
  how: string;
}

/**
 * The chain notes (per link, for describeChain) and related locations for what a stage inherits,
 * grouped by origin: `Dockerfile:12 installs a, b` at an instruction, `imageNote([a, b])` at an image.
 */
export function inheritanceNotes(
  inherited: Iterable<readonly [string, InheritedFrom]>,
  imageNote: (names: readonly string[]) => string,
): { notes: Map<number, string[]>; related: RelatedLocation[] } {
  const byOrigin = new Map<string, { from: InheritedFrom; names: string[] }>();
  for (const [name, from] of inherited) {
    const key = from.location === null ? `image:${from.link}` : `${where(from.location)}:${from.location.range.start.column}:${from.how}`;
    const entry = byOrigin.get(key) ?? { from, names: [] };
    entry.names.push(name);
    byOrigin.set(key, entry);
  }
  const notes = new Map<number, string[]>();
  const related: RelatedLocation[] = [];
  for (const { from, names } of byOrigin.values()) {
    const what = `${from.how} ${names.join(', ')}`;
    const note = from.location === null ? imageNote(names) : `${where(from.location)} ${what}`;
    notes.set(from.link, [...(notes.get(from.link) ?? []), note]);
    if (from.location !== null) related.push({ location: from.location, message: what });
  }
  return { notes, related };
}

/** `backend/docker/base-node/Dockerfile:12`. */
export function where(location: Location): string {
  return `${location.file}:${location.range.start.line}`;
}

/** The source text of a range of a Dockerfile, on one line, shortened for a message. */
export function excerpt(dockerfile: DockerfileDoc, range: Range, limit = 80): string {
  const { source } = dockerfile;
  const text = source.text
    .slice(source.offsetAt(range.start), source.offsetAt(range.end))
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return shorten(text, limit);
}

/** Instructions of a stage before `before` (all of them when `before` is not in the stage). */
export function instructionsBefore(stage: Stage, before: Instruction | null): Instruction[] {
  const index = before === null ? -1 : stage.instructions.indexOf(before);
  return index === -1 ? stage.instructions : stage.instructions.slice(0, index);
}

/**
 * The variables a RUN at `before` sees from the Dockerfiles: `ENV` of every stage and image it derives
 * from (root first, so nearer values win) and of its own stage, and the `ARG`s declared in its own stage
 * (BuildKit passes those to RUN as environment variables). Values are as written, without expansion;
 * `null` for an ARG without a default. The upstream image's own environment is unknown.
 */
export function environmentAt(project: Project, dockerfile: DockerfileDoc, stage: Stage, before: Instruction | null): Map<string, string | null> {
  const environment = new Map<string, string | null>();
  const chain = stageChain(project, dockerfile, stage);
  for (const link of [...chain].reverse()) {
    if (link.stage === null) continue;
    for (const instruction of link.stage.instructions) {
      if (isInstruction(instruction, 'ENV')) for (const property of instruction.properties) environment.set(property.name, property.value);
    }
  }
  for (const instruction of instructionsBefore(stage, before)) {
    if (isInstruction(instruction, 'ENV') || isInstruction(instruction, 'ARG')) {
      for (const property of instruction.properties) environment.set(property.name, property.value);
    }
  }
  return environment;
}

/**
 * The user a RUN at `before` runs as: the last `USER` in its stage before it, else the last one of the
 * stages and images it derives from; `root` when none sets one (upstream images are taken to run as
 * root). Only the user part of `user:group`.
 */
export function userAt(project: Project, dockerfile: DockerfileDoc, stage: Stage, before: Instruction | null): string {
  for (const { instructions } of inheritedInstructions(project, dockerfile, stage, before)) {
    const user = instructions.findLast((instruction) => instruction.keyword === 'USER');
    const value = user?.args[0]?.value;
    if (value !== undefined) return value.split(':')[0] ?? value;
  }
  return 'root';
}

/**
 * What decides the settings an image keeps (USER, SHELL) at `before` in `stage`: the stage's own
 * instructions before it, then those of each stage and local image it derives from, nearest first.
 */
export function inheritedInstructions(
  project: Project,
  dockerfile: DockerfileDoc,
  stage: Stage,
  before: Instruction | null,
): { dockerfile: DockerfileDoc; instructions: Instruction[] }[] {
  const derived = stageChain(project, dockerfile, stage).flatMap((link) =>
    link.dockerfile !== null && link.stage !== null ? [{ dockerfile: link.dockerfile, instructions: link.stage.instructions }] : [],
  );
  return [{ dockerfile, instructions: instructionsBefore(stage, before) }, ...derived];
}

/** The runtime stage of every service Dockerfile: its last stage, which a plain `docker build` produces. */
export function runtimeStages(project: Project): { dockerfile: DockerfileDoc; stage: Stage }[] {
  return project.dockerfiles.flatMap((dockerfile) => {
    const stage = dockerfile.stages.at(-1);
    return stage !== undefined && project.graph.role(dockerfile) === 'service' ? [{ dockerfile, stage }] : [];
  });
}

/**
 * A command for a message: as written for shell form; for exec form (`CMD ["npm", "start"]`) its
 * words joined (`npm start`).
 */
export function commandExcerpt(dockerfile: DockerfileDoc, instruction: CommandLine, command: ShellCommand): string {
  if (instruction.shell !== null || instruction.exec === null) return excerpt(dockerfile, command.range);
  return [command.name ?? '', ...command.args.map((arg) => arg.value ?? arg.raw)].join(' ');
}

/**
 * The image a stage's FROM names when a build passes `buildArgs` (compose `build.args`): they replace
 * the defaults of the global ARGs they name, as BuildKit does, and the FROM is substituted again.
 * `null` when it stays unknown: a variable without a value, a build arg taken from the environment
 * (`null` in `buildArgs`), or a quoted image word.
 */
export function fromImageWith(dockerfile: DockerfileDoc, stage: Stage, buildArgs: ReadonlyMap<string, string | null>): string | null {
  const values = new Map<string, string | null>();
  for (const arg of dockerfile.globalArgs) {
    const given = buildArgs.get(arg.name);
    values.set(arg.name, given !== undefined ? given : arg.value === null ? null : substituteArgs(arg.value, values).text);
  }
  const written = stage.from.args[0]?.raw;
  if (written === undefined || /["']/.test(written)) return null;
  const image = substituteArgs(written, values);
  return image.unresolved ? null : image.text;
}
