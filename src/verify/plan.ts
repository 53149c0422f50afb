/**
 * What a build of one target will do, read from the parsed Dockerfile alone: the stages BuildKit builds,
 * their steps numbered as BuildKit numbers them (`[deps 3/4]`), which steps install dependencies,
 * which read files of the build context, and which steps each step builds on. No I/O.
 */
import { contextPath, isRemoteSource } from '../project/build-context.js';
import path from 'node:path';
import { substituteArgs } from '../project/image-ref.js';
import {
  isInstruction,
  type DockerfileDoc,
  type ImageGraph,
  type ImageProducer,
  type Instruction,
  type RunInstruction,
  type ShellCommand,
  type ShellScript,
  type Stage,
} from '../project/model.js';
import { dependencyInstall, type DependencyInstall } from '../vocabulary/commands.js';

/** A source of the build context that a step reads: a COPY/ADD source or a RUN bind mount. */
export interface ContextRead {
  /** As written in the Dockerfile. */
  written: string;
  /** Context-relative pattern after ARG/ENV expansion (`''` for the whole context); `null` when unknown. */
  pattern: string | null;
}

export type StepKind = 'from' | 'run' | 'copy' | 'workdir';

export interface PlannedStep {
  /** Position in `BuildPlan.steps`. */
  id: number;
  stage: Stage;
  /** BuildKit's stage label: the stage name, `stage-N`, or `null` in a one-stage Dockerfile. */
  label: string | null;
  index: number;
  total: number;
  kind: StepKind;
  instruction: Instruction;
  /** 1-based line of the instruction. */
  line: number;
  /** The instruction on one line, continuations joined and whitespace collapsed. */
  text: string;
  installs: DependencyInstall[];
  contextReads: ContextRead[];
  /** Ids of the steps whose results this step builds on: earlier steps of its stage and every step of the stages it uses. */
  upstream: ReadonlySet<number>;
  /** A dependency install, or a step an install builds on: it must stay CACHED when only source changed. */
  mustStayCached: boolean;
}

export interface BuildPlan {
  dockerfile: DockerfileDoc;
  target: Stage;
  /** Stages BuildKit builds for the target, in file order. */
  stages: Stage[];
  steps: PlannedStep[];
  /** Steps that install dependencies. */
  installSteps: PlannedStep[];
  /**
   * Local images (built from Dockerfiles of the project) that the build starts from or copies from,
   * each with the name it is referenced by (the tag to build).
   */
  localImages: ImageProducer[];
}

/** A context-relative pattern (`./src/` → `src`, `/` → `''`); an unknown source stays `null`. */
const contextPathOf = (source: string | null): string | null => (source === null ? null : contextPath(source));

const STEP_KEYWORDS: Record<string, StepKind> = { RUN: 'run', COPY: 'copy', ADD: 'copy', WORKDIR: 'workdir' };

/**
 * Plans the build of `target`. `buildArgs` are the `--build-arg`s (value `null`: taken from the
 * environment, so unknown here).
 */
export function planBuild(
  dockerfile: DockerfileDoc,
  target: Stage,
  graph: ImageGraph,
  buildArgs: ReadonlyMap<string, string | null>,
): BuildPlan {
  const needed = neededStages(dockerfile, target, graph);
  const stages = dockerfile.stages.filter((stage) => needed.has(stage.index));
  const localImages = new Map<string, ImageProducer>();
  const steps: PlannedStep[] = [];
  /** Every step id of a stage together with everything those steps build on. */
  const closureByStage = new Map<number, Set<number>>();

  for (const stage of stages) {
    const parent = graph.parentOf(dockerfile, stage);
    if (parent.kind === 'local') localImages.set(parent.image, { ...parent.producer, image: parent.image });
    const inherited = new Set<number>(parent.kind === 'stage' ? (closureByStage.get(parent.stage.index) ?? []) : []);
    const label = dockerfile.stages.length === 1 ? null : (stage.name ?? `stage-${stage.index}`);
    const stageSteps: Omit<PlannedStep, 'id' | 'index' | 'total' | 'upstream' | 'mustStayCached'>[] = [];
    const usedStages: number[][] = [];
    if (parent.kind !== 'stage' && parent.kind !== 'scratch') {
      stageSteps.push(step(dockerfile, stage, label, 'from', stage.from, [], []));
      usedStages.push([]);
    }
    const variables = stageVariables(dockerfile, buildArgs);
    for (const instruction of stage.instructions) {
      variables.observe(instruction);
      const kind = STEP_KEYWORDS[instruction.keyword];
      if (kind === undefined) continue;
      const uses: number[] = [];
      for (const from of fromReferences(instruction)) {
        const source = graph.resolveFrom(dockerfile, stage, from);
        if (source.kind === 'stage') uses.push(source.stage.index);
        if (source.kind === 'local') localImages.set(source.image, { ...source.producer, image: source.image });
      }
      const installs = isInstruction(instruction, 'RUN') ? runInstalls(instruction) : [];
      stageSteps.push(step(dockerfile, stage, label, kind, instruction, installs, contextReads(instruction, variables.expand)));
      usedStages.push(uses);
    }

    const upstream = new Set(inherited);
    const stageClosure = new Set(inherited);
    stageSteps.forEach((planned, position) => {
      for (const used of usedStages[position] ?? []) {
        for (const id of closureByStage.get(used) ?? []) upstream.add(id);
      }
      const id = steps.length;
      steps.push({ ...planned, id, index: position + 1, total: stageSteps.length, upstream: new Set(upstream), mustStayCached: false });
      upstream.add(id);
    });
    for (const id of upstream) stageClosure.add(id);
    closureByStage.set(stage.index, stageClosure);
  }

  const installSteps = steps.filter((planned) => planned.installs.length > 0);
  for (const install of installSteps) {
    install.mustStayCached = true;
    for (const id of install.upstream) {
      const upstreamStep = steps[id];
      if (upstreamStep) upstreamStep.mustStayCached = true;
    }
  }
  return { dockerfile, target, stages, steps, installSteps, localImages: [...localImages.values()] };
}

/** The stages a build of `target` runs: the target, its parents and every stage they copy or mount from. */
function neededStages(dockerfile: DockerfileDoc, target: Stage, graph: ImageGraph): Set<number> {
  const needed = new Set<number>();
  const queue = [target];
  while (queue.length > 0) {
    const stage = queue.pop();
    if (!stage || needed.has(stage.index)) continue;
    needed.add(stage.index);
    const parent = graph.parentOf(dockerfile, stage);
    if (parent.kind === 'stage') queue.push(parent.stage);
    for (const instruction of stage.instructions) {
      for (const from of fromReferences(instruction)) {
        const source = graph.resolveFrom(dockerfile, stage, from);
        if (source.kind === 'stage') queue.push(source.stage);
      }
    }
  }
  return needed;
}

/** `COPY --from=x`, and `RUN --mount=…,from=x`. */
function fromReferences(instruction: Instruction): string[] {
  if (isInstruction(instruction, 'COPY', 'ADD')) {
    const from = instruction.from;
    return from === null ? [] : [from];
  }
  if (instruction.keyword === 'RUN') {
    return instruction.flags.flatMap((flag) => (flag.name === 'mount' && flag.options.from ? [flag.options.from] : []));
  }
  return [];
}

function step(
  dockerfile: DockerfileDoc,
  stage: Stage,
  label: string | null,
  kind: StepKind,
  instruction: Instruction,
  installs: DependencyInstall[],
  reads: ContextRead[],
): Omit<PlannedStep, 'id' | 'index' | 'total' | 'upstream' | 'mustStayCached'> {
  return {
    stage,
    label,
    kind,
    instruction,
    line: instruction.range.start.line,
    text: instructionText(dockerfile, instruction),
    installs,
    contextReads: reads,
  };
}

/** The instruction on one line: continuations joined, comment lines dropped, whitespace collapsed. */
export function instructionText(dockerfile: DockerfileDoc, instruction: Instruction): string {
  const { source } = dockerfile;
  const raw = source.text.slice(source.offsetAt(instruction.range.start), source.offsetAt(instruction.range.end));
  const firstLine = raw.split('\n')[0] ?? '';
  // A heredoc's body is not part of the instruction line.
  const logical = /<<-?["']?\w/.test(firstLine) ? firstLine : raw;
  return logical
    .split('\n')
    .filter((line, index) => index === 0 || !/^\s*#/.test(line))
    .join('\n')
    .replace(/[\\`]\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\S+/, (keyword) => keyword.toUpperCase());
}

/** The dependency installs a RUN performs; an exec-form command (`["npm", "ci"]`) counts as one command. */
function runInstalls(run: RunInstruction): DependencyInstall[] {
  const script = run.shell ?? execScript(run);
  if (script === null) return [];
  return script.commands.flatMap((command) => {
    const install = dependencyInstall(command, script);
    return install ? [install] : [];
  });
}

function execScript(run: RunInstruction): ShellScript | null {
  const [name, ...args] = run.exec ?? [];
  if (name === undefined) return null;
  const command: ShellCommand = {
    name,
    program: path.posix.basename(name),
    args: args.map((value) => ({ value, raw: value, range: run.range, expansions: [] })),
    wrappers: [],
    range: run.range,
    pipeline: null,
    inFunction: null,
    words: (run.exec ?? []).map((value) => ({ value, raw: value, range: run.range, expansions: [] })),
    tested: false,
    shellOptions: [],
  };
  return { commands: [command], errors: [], comments: [], assignments: [] };
}

/** The context sources of a step: COPY/ADD without `--from`, and RUN bind mounts of the context. */
function contextReads(instruction: Instruction, expand: (text: string) => string | null): ContextRead[] {
  if (isInstruction(instruction, 'COPY', 'ADD')) {
    const copy = instruction;
    if (copy.from !== null) return [];
    return copy.sources
      .filter((source) => !(copy.keyword === 'ADD' && isRemoteSource(source.value)))
      .map((source) => ({ written: source.value, pattern: contextPathOf(expand(source.value)) }));
  }
  if (instruction.keyword === 'RUN') {
    return instruction.flags.flatMap((flag) => {
      const { type, from, source } = flag.options;
      if (flag.name !== 'mount' || type !== 'bind' || from !== undefined) return [];
      // A bind mount without `source` mounts the whole context.
      const written = source ?? '.';
      return [{ written, pattern: contextPathOf(expand(written)) }];
    });
  }
  return [];
}

/**
 * The ARG and ENV values visible at each instruction of a stage, for expanding COPY sources as BuildKit
 * does. A global ARG is visible in a stage only once the stage declares it again.
 */
function stageVariables(dockerfile: DockerfileDoc, buildArgs: ReadonlyMap<string, string | null>) {
  const globalDefaults = new Map(dockerfile.globalArgs.map((arg) => [arg.name, arg.value]));
  const values = new Map<string, string | null>();
  const substitute = (text: string): string | null => {
    const result = substituteArgs(text, values);
    return result.unresolved ? null : result.text;
  };
  return {
    observe(instruction: Instruction): void {
      if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') return;
      for (const property of instruction.properties) {
        if (instruction.keyword === 'ENV') {
          values.set(property.name, property.value === null ? null : substitute(property.value));
          continue;
        }
        const given = buildArgs.get(property.name);
        const fallback = property.value === null ? (globalDefaults.get(property.name) ?? null) : substitute(property.value);
        values.set(property.name, given === undefined ? fallback : given);
      }
    },
    expand: (text: string): string | null => (text.includes('$') ? substitute(text) : text),
  };
}

/**
 * Does a context read take `file` (context-relative, `/`-separated)? A pattern copies a path and
 * everything below it; wildcards follow Go's `filepath.Match` (no `*` across `/`), as BuildKit does.
 */
export function readsFile(read: ContextRead, file: string): boolean {
  const { pattern } = read;
  if (pattern === null || pattern === '') return true;
  if (!/[*?[\\]/.test(pattern)) return file === pattern || file.startsWith(`${pattern}/`);
  const depth = pattern.split('/').length;
  const segments = file.split('/');
  if (segments.length < depth) return false;
  return globToRegExp(pattern).test(segments.slice(0, depth).join('/'));
}

/** Go `filepath.Match` syntax as a RegExp: `*`, `?`, `[a-z]`, `[^a]`, `\` escapes. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '\\') {
      index++;
      source += escapeRegExp(pattern.charAt(index));
    } else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      if (close === -1) return /$^/;
      const body = pattern.slice(index + 1, close);
      const negated = body.startsWith('^');
      source += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[\]\\]/g, '\\$&')}]`;
      index = close;
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
