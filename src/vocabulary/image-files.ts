/**
 * Which repository file a path inside an image comes from: follows the COPY/ADD instructions of a
 * stage and of the stages and local images it is built on (destination resolved against WORKDIR,
 * sources against the build context, minus what `.dockerignore` keeps out, `COPY --from` followed into
 * the other stage), and bind mounts on top (compose volumes, `RUN --mount=type=bind`). Used to follow
 * `RUN ./install.sh` or `CMD ["bash", "start.sh"]` to the script in the repository.
 */
import { posix } from 'node:path';
import { isRemoteSource } from '../project/build-context.js';
import { targetStage } from '../project/graph.js';
import { normalizeImageName, parseImageRef } from '../project/image-ref.js';
import { leavesDirectory } from '../paths.js';
import { segmentMatcher } from './copy-wildcards.js';
import { isInstruction, type BuildContext, type CommandInstruction, type CopyInstruction, type DockerfileDoc, type DockerignoreDoc, type Instruction, type Project, type ResolvedService, type RunInstruction, type Stage } from '../project/model.js';

/** A repository file or directory mounted at an absolute path in the container. */
export interface BindMount {
  /** Repo-relative path. */
  source: string;
  /** Absolute path in the container. */
  target: string;
  /** Filters the files under `source` (a build context's ignore file for `RUN --mount`); `null` for none. */
  dockerignore: DockerignoreDoc | null;
  /** The directory `dockerignore` paths are relative to. */
  contextDir: string;
}

/** An image (or the state of one while a stage builds), seen from inside. */
export interface ImageView {
  /** The working directory, or `null` when it cannot be known (a WORKDIR with an unknown variable). */
  workdir: string | null;
  /** Directories a bare command name is looked up in. */
  path: readonly string[];
  /** The repository file an absolute path in the container comes from, or `null`. */
  repoFile(containerPath: string): string | null;
  /**
   * Can a repository script have this file name in an image of the project? A cheap filter before
   * `repoFile`: false for `ls` or `apt-get`, unless a script of that name is copied or mounted.
   */
  mayHoldScript(name: string): boolean;
  /** This view with bind mounts on top. */
  withMounts(mounts: readonly BindMount[]): ImageView;
}

/** The CMD and ENTRYPOINT an image starts with, each where it was written. */
export interface StartCommands {
  entrypoint: { dockerfile: DockerfileDoc; instruction: CommandInstruction } | null;
  cmd: { dockerfile: DockerfileDoc; instruction: CommandInstruction } | null;
}

const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const GLOB = /[*?[]/;

/** A COPY or ADD: where its files land and where they come from. */
interface CopyLayer {
  /** Sources as written (context-relative, or absolute paths in the `from` image). */
  sources: string[];
  /** Absolute destination. */
  destination: string;
  /** Files land inside `destination` (it ends in `/`, or several sources or a wildcard are copied). */
  intoDirectory: boolean;
  from: { kind: 'context'; context: BuildContext } | { kind: 'image'; view: () => ImageView | null };
}

interface StageState {
  /** Append-only, shared by every state of one walk: a state sees the first `layerCount`. */
  layers: CopyLayer[];
  layerCount: number;
  workdir: string | null;
  env: ReadonlyMap<string, string>;
  start: StartCommands;
}

const INITIAL_STATE: StageState = {
  layers: [],
  layerCount: 0,
  workdir: '/',
  env: new Map(),
  start: { entrypoint: null, cmd: null },
};

const imageFilesByProject = new WeakMap<Project, ImageFiles>();

/** The project's ImageFiles, made once and shared by the rules that ask (its answers are memoised). */
export function imageFilesOf(project: Project): ImageFiles {
  let images = imageFilesByProject.get(project);
  if (images === undefined) {
    images = new ImageFiles(project);
    imageFilesByProject.set(project, images);
  }
  return images;
}

/**
 * Answers "which repository file is this path in the image?" for one project: stage states are
 * memoised, so each stage is walked once per build context.
 */
export class ImageFiles {
  readonly #project: Project;
  readonly #directories = new Set<string>();
  readonly #ends = new Map<Stage, Map<BuildContext, StageState>>();
  readonly #walking = new Set<Stage>();
  /** Views without mounts, one per state, so lookups are memoised across the instructions that share it. */
  readonly #views = new WeakMap<StageState, ImageView>();
  #scriptNames: Set<string> | null = null;

  constructor(project: Project) {
    this.#project = project;
    for (const file of project.filesUnder('')) {
      for (let slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) this.#directories.add(file.slice(0, slash));
    }
  }

  /** The service's image: its build's target stage (or the local image it names), with its bind mounts. */
  serviceView(resolved: ResolvedService): { view: ImageView; dockerfile: DockerfileDoc; stage: Stage; context: BuildContext } | null {
    const image = this.#serviceImage(resolved);
    if (image === null) return null;
    const view = this.viewAfter(image.dockerfile, image.stage, image.context).withMounts(composeBindMounts(resolved));
    return { ...image, view };
  }

  #serviceImage(resolved: ResolvedService): { dockerfile: DockerfileDoc; stage: Stage; context: BuildContext } | null {
    const { dockerfile, context } = resolved;
    if (dockerfile !== null && context !== null) {
      const stage = targetStage(dockerfile, resolved.service.build?.target?.resolved ?? null);
      return stage === undefined ? null : { dockerfile, stage, context };
    }
    const name = resolved.service.image?.resolved;
    if (resolved.service.build !== null || name === null || name === undefined) return null;
    const producer = this.#project.graph.producerOf(normalizeImageName(parseImageRef(name)));
    if (producer === undefined) return null;
    const [ownContext] = this.#project.contextsOf(producer.dockerfile);
    return ownContext === undefined ? null : { dockerfile: producer.dockerfile, stage: producer.stage, context: ownContext };
  }

  /** An image the project does not build (its files and working directory unknown), with bind mounts. */
  mountedView(mounts: readonly BindMount[]): ImageView {
    return this.#view({ ...INITIAL_STATE, workdir: null }, mounts);
  }

  /** The image a stage produces. */
  viewAfter(dockerfile: DockerfileDoc, stage: Stage, context: BuildContext): ImageView {
    return this.#view(this.#end(dockerfile, stage, context), []);
  }

  /** The CMD and ENTRYPOINT the stage's image starts with (inherited ones included). */
  startCommands(dockerfile: DockerfileDoc, stage: Stage, context: BuildContext): StartCommands {
    return this.#end(dockerfile, stage, context).start;
  }

  /** Visits each instruction of a stage with the image as it is when the instruction runs. */
  forEachInstruction(
    dockerfile: DockerfileDoc,
    stage: Stage,
    context: BuildContext,
    visit: (instruction: Instruction, view: ImageView) => void,
  ): void {
    let state = this.#initial(dockerfile, stage, context);
    for (const instruction of stage.instructions) {
      visit(instruction, this.#view(state, []));
      state = this.#apply(state, dockerfile, stage, context, instruction);
    }
  }

  /** `RUN --mount=type=bind,source=…,target=…` from the build context. */
  runBindMounts(run: RunInstruction, context: BuildContext, workdir: string | null): BindMount[] {
    return run.flags.flatMap((flag): BindMount[] => {
      const options = flag.options;
      if (flag.name !== 'mount' || options.type !== 'bind' || options.from !== undefined) return [];
      const target = options.target;
      const absolute = target === undefined ? null : absolutePath(target, workdir);
      if (absolute === null) return [];
      const source = repoJoin(context.dir, options.source ?? '.');
      return source === null ? [] : [{ source, target: absolute, dockerignore: context.dockerignore, contextDir: context.dir }];
    });
  }

  // ─── Stage states ──────────────────────────────────────────────────────────

  #end(dockerfile: DockerfileDoc, stage: Stage, context: BuildContext): StageState {
    const byContext = this.#ends.get(stage) ?? new Map<BuildContext, StageState>();
    this.#ends.set(stage, byContext);
    const cached = byContext.get(context);
    if (cached !== undefined) return cached;
    // A FROM cycle (only in a broken project) ends the walk with an empty image.
    if (this.#walking.has(stage)) return INITIAL_STATE;
    this.#walking.add(stage);
    try {
      let state = this.#initial(dockerfile, stage, context);
      for (const instruction of stage.instructions) state = this.#apply(state, dockerfile, stage, context, instruction);
      byContext.set(context, state);
      return state;
    } finally {
      this.#walking.delete(stage);
    }
  }

  /** The state a stage starts from: its parent's end, with a fresh layer list that sees the parent's layers. */
  #initial(dockerfile: DockerfileDoc, stage: Stage, context: BuildContext): StageState {
    const parent = this.#project.graph.parentOf(dockerfile, stage);
    let inherited = INITIAL_STATE;
    if (parent.kind === 'stage') inherited = this.#end(parent.dockerfile, parent.stage, context);
    if (parent.kind === 'local') {
      const producer = parent.producer;
      const [ownContext] = this.#project.contextsOf(producer.dockerfile);
      if (ownContext !== undefined) inherited = this.#end(producer.dockerfile, producer.stage, ownContext);
    }
    const layers = inherited.layers.slice(0, inherited.layerCount);
    return { ...inherited, layers, layerCount: layers.length, start: { ...inherited.start } };
  }

  #apply(state: StageState, dockerfile: DockerfileDoc, stage: Stage, context: BuildContext, instruction: Instruction): StageState {
    if (instruction.keyword === 'WORKDIR') {
      const written = instruction.args.map((word) => word.value).join(' ');
      const value = substitute(written, state.env);
      return { ...state, workdir: value === null ? null : absolutePath(value, state.workdir) };
    }
    if (isInstruction(instruction, 'ENV', 'ARG')) {
      const env = new Map(state.env);
      for (const { name, value } of instruction.properties) {
        const written = value ?? (instruction.keyword === 'ARG' ? (dockerfile.globalArgs.find((arg) => arg.name === name)?.value ?? null) : null);
        const resolved = written === null ? null : substitute(written, state.env);
        if (resolved === null) env.delete(name);
        else env.set(name, resolved);
      }
      return { ...state, env };
    }
    if (isInstruction(instruction, 'COPY', 'ADD')) {
      const layer = this.#copyLayer(instruction, state, dockerfile, stage, context);
      if (layer === null) return state;
      // Layers are shared by later states of this walk; an earlier state keeps its count.
      state.layers.push(layer);
      return { ...state, layerCount: state.layers.length };
    }
    if (isInstruction(instruction, 'CMD')) return { ...state, start: { ...state.start, cmd: { dockerfile, instruction } } };
    if (isInstruction(instruction, 'ENTRYPOINT')) {
      // An ENTRYPOINT drops the CMD inherited from the parent image, not one set in this stage.
      const cmd = state.start.cmd;
      const cmdFromThisStage = cmd !== null && cmd.dockerfile === dockerfile && cmd.instruction.stageIndex === stage.index;
      return { ...state, start: { entrypoint: { dockerfile, instruction }, cmd: cmdFromThisStage ? cmd : null } };
    }
    return state;
  }

  #copyLayer(copy: CopyInstruction, state: StageState, dockerfile: DockerfileDoc, stage: Stage, context: BuildContext): CopyLayer | null {
    if (copy.destination === null || copy.flags.some((flag) => flag.name === 'parents')) return null;
    const sources = copy.sources.flatMap((word) => {
      const value = substitute(word.value, state.env);
      return value === null || isRemoteSource(value) ? [] : [value];
    });
    const destinationText = substitute(copy.destination.value, state.env);
    const destination = destinationText === null ? null : absolutePath(destinationText, state.workdir);
    if (sources.length === 0 || destination === null) return null;
    const intoDirectory = destinationText?.endsWith('/') === true || sources.length > 1 || sources.some((source) => GLOB.test(source));
    if (copy.from === null) return { sources, destination, intoDirectory, from: { kind: 'context', context } };
    const source = this.#project.graph.resolveFrom(dockerfile, stage, copy.from);
    let view: (() => ImageView | null) | null = null;
    if (source.kind === 'stage') view = () => this.viewAfter(source.dockerfile, source.stage, context);
    if (source.kind === 'local') {
      const { producer } = source;
      view = () => {
        const [ownContext] = this.#project.contextsOf(producer.dockerfile);
        return ownContext === undefined ? null : this.viewAfter(producer.dockerfile, producer.stage, ownContext);
      };
    }
    return view === null ? null : { sources, destination, intoDirectory, from: { kind: 'image', view } };
  }

  // ─── Looking files up ──────────────────────────────────────────────────────

  #view(state: StageState, mounts: readonly BindMount[]): ImageView {
    const cached = mounts.length === 0 ? this.#views.get(state) : undefined;
    if (cached !== undefined) return cached;
    const pathVariable = state.env.get('PATH');
    const path = pathVariable === undefined ? DEFAULT_PATH : pathVariable.split(':').filter((dir) => dir.startsWith('/'));
    const found = new Map<string, string | null>();
    const view: ImageView = {
      workdir: state.workdir,
      path,
      repoFile: (containerPath) => {
        const known = found.get(containerPath);
        if (known !== undefined) return known;
        const result = this.#lookUp(state, mounts, containerPath);
        found.set(containerPath, result);
        return result;
      },
      mayHoldScript: (name) => this.#mayHoldScript(name),
      withMounts: (more) => (more.length === 0 ? view : this.#view(state, [...mounts, ...more])),
    };
    if (mounts.length === 0) this.#views.set(state, view);
    return view;
  }

  /** File names a repository script can have in an image: its own, or one a COPY or bind mount gives it. */
  #mayHoldScript(name: string): boolean {
    if (this.#scriptNames === null) {
      const names = new Set(this.#project.scripts.map((script) => posix.basename(script.source.path)));
      const add = (target: string): void => {
        // A name with a variable could be anything.
        names.add(target.includes('$') ? '*' : posix.basename(target));
      };
      for (const dockerfile of this.#project.dockerfiles) {
        for (const instruction of dockerfile.instructions) {
          if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && 'destination' in instruction && instruction.destination !== null) {
            if (!instruction.destination.value.endsWith('/')) add(instruction.destination.value);
          }
          for (const flag of instruction.flags) {
            const target = flag.name === 'mount' ? flag.options.target : undefined;
            if (target !== undefined) add(target);
          }
        }
      }
      for (const resolved of this.#project.services) {
        for (const mount of composeBindMounts(resolved)) add(mount.target);
      }
      this.#scriptNames = names;
    }
    return this.#scriptNames.has('*') || this.#scriptNames.has(name);
  }

  /** Where a path in the container comes from: a bind mount over it, else the last COPY that put it there. */
  #lookUp(state: StageState, mounts: readonly BindMount[], containerPath: string): string | null {
    const normalized = posix.normalize(containerPath);
    for (let index = mounts.length - 1; index >= 0; index--) {
      const mount = mounts[index];
      if (mount === undefined) continue;
      const rel = relativeTo(normalized, mount.target);
      if (rel === null) continue;
      // A mount hides what the image has there, even when the file is not in it.
      const path = rel === '' ? mount.source : repoJoin(mount.source, rel);
      return path === null ? null : this.#contextFile(path, mount.contextDir, mount.dockerignore);
    }
    for (let index = state.layerCount - 1; index >= 0; index--) {
      const layer = state.layers[index];
      const found = layer === undefined ? null : this.#fromLayer(layer, normalized);
      if (found !== null) return found;
    }
    return null;
  }

  /** The repo file a COPY put at `containerPath`, trying its sources from the last. */
  #fromLayer(layer: CopyLayer, containerPath: string): string | null {
    for (let index = layer.sources.length - 1; index >= 0; index--) {
      const source = layer.sources[index];
      if (source === undefined) continue;
      const found = layer.from.kind === 'context' ? this.#fromContext(layer, layer.from.context, source, containerPath) : this.#fromImage(layer, layer.from.view, source, containerPath);
      if (found !== null) return found;
    }
    return null;
  }

  #fromContext(layer: CopyLayer, context: BuildContext, source: string, containerPath: string): string | null {
    const rel = relativeTo(containerPath, layer.destination);
    if (GLOB.test(source)) {
      // `COPY *.sh /app/`: each match lands in the destination directory under its own name.
      const first = rel?.split('/')[0];
      if (rel === null || rel === '' || first === undefined || !segmentMatcher(posix.basename(source))(first)) return null;
      const candidate = repoJoin(context.dir, posix.join(posix.dirname(source), rel));
      return candidate === null ? null : this.#contextFile(candidate, context.dir, context.dockerignore);
    }
    const sourcePath = repoJoin(context.dir, source);
    if (sourcePath === null) return null;
    if (this.#isDirectory(sourcePath) || sourcePath === context.dir) {
      // A directory's contents land in the destination.
      if (rel === null || rel === '') return null;
      const candidate = repoJoin(sourcePath, rel);
      return candidate === null ? null : this.#contextFile(candidate, context.dir, context.dockerignore);
    }
    return landsAt(layer, sourcePath, containerPath) ? this.#contextFile(sourcePath, context.dir, context.dockerignore) : null;
  }

  #fromImage(layer: CopyLayer, view: () => ImageView | null, source: string, containerPath: string): string | null {
    const rel = relativeTo(containerPath, layer.destination);
    const sourcePath = absolutePath(source, '/');
    if (sourcePath === null || GLOB.test(source)) return null;
    if (landsAt(layer, sourcePath, containerPath)) {
      const found = view()?.repoFile(sourcePath) ?? null;
      if (found !== null) return found;
    }
    return rel === null || rel === '' ? null : (view()?.repoFile(posix.join(sourcePath, rel)) ?? null);
  }

  /** A repository file that the build context sends (it exists and `.dockerignore` keeps it in). */
  #contextFile(path: string, contextDir: string, dockerignore: DockerignoreDoc | null): string | null {
    if (!this.#project.exists(path) || this.#isDirectory(path)) return null;
    const rel = relativeTo(`/${path}`, `/${contextDir}`);
    if (dockerignore !== null && rel !== null && rel !== '' && dockerignore.matcher.ignores(rel)) return null;
    return path;
  }

  #isDirectory(path: string): boolean {
    return path === '' || this.#directories.has(path);
  }
}

/**
 * Bind mounts of a compose service whose host path is inside the repository. Named volumes and absolute
 * host paths are not repository files.
 */
export function composeBindMounts(resolved: ResolvedService): BindMount[] {
  const composeDir = posix.dirname(resolved.composeFile);
  return resolved.service.volumes.flatMap(({ hostPath, target }): BindMount[] => {
    if (hostPath === null || target === null || /^[/~]/.test(hostPath) || !target.startsWith('/')) return [];
    const repoSource = repoJoin(composeDir === '.' ? '' : composeDir, hostPath);
    return repoSource === null ? [] : [{ source: repoSource, target: posix.normalize(target), dockerignore: null, contextDir: '' }];
  });
}

/**
 * Does a file source land at `containerPath`? Into the destination directory, or, for a destination
 * without a trailing `/`, at the destination itself — unless the image already has a directory there
 * (`COPY start.sh /app` after `WORKDIR /app`), which cannot be known here, so both count.
 */
function landsAt(layer: CopyLayer, sourcePath: string, containerPath: string): boolean {
  return containerPath === posix.join(layer.destination, posix.basename(sourcePath)) || (!layer.intoDirectory && containerPath === layer.destination);
}

/** `path` made absolute against `workdir`; `null` when it is relative and the workdir is unknown. */
export function absolutePath(path: string, workdir: string | null): string | null {
  if (path.startsWith('/')) return posix.normalize(path);
  if (workdir === null) return null;
  return posix.normalize(posix.join(workdir, path));
}

/** `path` relative to `dir` (`''` when equal), or `null` when it is not inside it. */
function relativeTo(path: string, dir: string): string | null {
  const base = posix.normalize(dir).replace(/\/+$/, '');
  const normalized = posix.normalize(path).replace(/\/+$/, '');
  if (normalized === base) return '';
  const prefix = base === '' ? '/' : `${base}/`;
  return normalized.startsWith(prefix) ? normalized.slice(prefix.length) : null;
}

/** A repo-relative path joined and normalised; `null` when it leaves the repository. */
function repoJoin(dir: string, path: string): string | null {
  const joined = posix.normalize(posix.join(dir === '' ? '.' : dir, path.replace(/^\/+/, ''))).replace(/\/+$/, '');
  if (leavesDirectory(joined)) return null;
  return joined === '.' ? '' : joined;
}

/** `$NAME`, `${NAME}`, `${NAME:-default}` from the variables known at this point; `null` if one is unknown. */
function substitute(text: string, env: ReadonlyMap<string, string>): string | null {
  let result = '';
  let last = 0;
  for (const match of text.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    const [whole, braced, fallback, bare] = match;
    const value = env.get(braced ?? bare ?? '');
    const replacement = value !== undefined && value !== '' ? value : fallback;
    if (replacement === undefined) return null;
    result += text.slice(last, match.index) + replacement;
    last = match.index + whole.length;
  }
  return result + text.slice(last);
}
