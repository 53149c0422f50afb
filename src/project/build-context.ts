/**
 * Build contexts, worked out once by the loader: which directory and ignore file each Dockerfile is
 * built with, and what a COPY/ADD source or bind mount sends from it.
 *
 * A source is resolved as BuildKit resolves it: inside the context root (`..` cannot climb out of it,
 * a leading `/` is the root), wildcards matched one path segment at a time with Go's `filepath.Match`
 * (copy-wildcards.ts: no `**`, no braces), a directory copying everything below it, and the
 * `.dockerignore` (matched as Docker matches it, dockerignore.ts) deciding what of it is sent.
 */
import { runBelow, leavesDirectory } from '../paths.js';
import { START_OF_FILE, type Location } from '../source.js';
import { hasWildcard, segmentMatcher } from '../vocabulary/copy-wildcards.js';
import { dockerignoreFor } from './dockerignore.js';
import { isInstruction, type BuildContext, type CopyInstruction, type DockerfileDoc, type DockerignoreDoc, type Word } from './model.js';

/** `ADD https://…`, `ADD git@github.com:…`: not a file of the build context. */
export function isRemoteSource(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('git@');
}

/**
 * A source as the context-relative path BuildKit reads: `./src/` → `src`, `/app.py` → `app.py`, `.` → `''`
 * (the whole context), `../lib` → `lib` (a source is resolved inside the context root, so `..` stops there).
 */
export function contextPath(source: string): string {
  const parts: string[] = [];
  for (const part of source.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/**
 * The context path a COPY/ADD source reads (see `contextPath`), or `null` when it cannot be judged here:
 * a remote ADD source, or one with a variable.
 */
export function contextSource(instruction: CopyInstruction, source: Word): string | null {
  const value = source.value;
  if (value.includes('$')) return null;
  if (instruction.keyword === 'ADD' && isRemoteSource(value)) return null;
  return contextPath(value);
}

/** The COPY/ADD instructions of a Dockerfile that read from the build context (no `--from`). */
export function contextCopies(dockerfile: DockerfileDoc): CopyInstruction[] {
  return dockerfile.instructions.filter(
    (instruction): instruction is CopyInstruction =>
      isInstruction(instruction, 'COPY', 'ADD') && instruction.from === null,
  );
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** `a\*b` → `a*b`. */
function unescapeSegment(segment: string): string {
  return segment.replace(/\\(.)/g, '$1');
}

/**
 * Every path of the discovery walk (files and directories), sorted, built once per project. What lies
 * below a directory is one contiguous run of the list, so every walk is a bounded scan, never a
 * traversal that a malformed index could send round a cycle.
 */
class PathIndex {
  readonly entries: ReadonlySet<string>;
  /** Paths with something below them, and the root. */
  readonly directories: ReadonlySet<string>;
  readonly children: ReadonlyMap<string, readonly string[]>;

  constructor(readonly sorted: readonly string[]) {
    const children = new Map<string, string[]>();
    for (const path of sorted) {
      const parent = directoryOf(path);
      const siblings = children.get(parent);
      if (siblings) siblings.push(path);
      else children.set(parent, [path]);
    }
    this.entries = new Set(['', ...sorted]);
    this.directories = new Set(['', ...children.keys()]);
    this.children = children;
  }
}

/** One build context and the files it sends, answered from the project's path index. */
class ContextFiles implements BuildContext {
  /** `''` or `dir/`: turns context-relative paths into repo-relative ones. */
  readonly #prefix: string;
  /** The project's path index, built when a first context is asked about its files. */
  readonly #index: () => PathIndex;

  constructor(
    readonly dir: string,
    readonly dockerignore: DockerignoreDoc | null,
    readonly origin: Location,
    index: () => PathIndex,
  ) {
    this.#prefix = dir === '' ? '' : `${dir}/`;
    this.#index = index;
  }

  #repoPath(path: string): string {
    return path === '' ? this.dir : `${this.#prefix}${path}`;
  }

  #contextPath(repoPath: string): string {
    return repoPath.slice(this.#prefix.length);
  }

  has(path: string): boolean {
    return this.#index().entries.has(this.#repoPath(path));
  }

  isDirectory(path: string): boolean {
    return this.#index().directories.has(this.#repoPath(path)) && this.has(path);
  }

  sends(path: string): boolean {
    return path === '' || this.dockerignore?.matcher.ignores(path) !== true;
  }

  #children(path: string): string[] {
    return (this.#index().children.get(this.#repoPath(path)) ?? []).map((child) => this.#contextPath(child));
  }

  resolve(source: string): string[] {
    if (source === '') return [''];
    let current = [''];
    for (const segment of source.split('/')) {
      if (hasWildcard(segment)) {
        const matches = segmentMatcher(segment);
        current = current.flatMap((dir) => this.#children(dir).filter((entry) => matches(entry.slice(entry.lastIndexOf('/') + 1))));
      } else {
        const name = unescapeSegment(segment);
        current = current.map((dir) => (dir === '' ? name : `${dir}/${name}`)).filter((entry) => this.has(entry));
      }
      if (current.length === 0) return [];
    }
    return current;
  }

  *walkLeaves(path: string): Generator<string> {
    const { sorted, directories } = this.#index();
    const { start, end } = runBelow(sorted, this.#repoPath(path));
    if (start === end) {
      if (path !== '') yield path;
      return;
    }
    for (let index = start; index < end; index++) {
      const entry = sorted[index] ?? '';
      if (!directories.has(entry)) yield this.#contextPath(entry);
    }
  }

  copiedBy(source: string): string[] {
    const copied = new Set<string>();
    for (const entry of this.resolve(contextPath(source))) {
      for (const leaf of this.walkLeaves(entry)) if (this.sends(leaf)) copied.add(leaf);
    }
    return [...copied].sort();
  }
}

/** What the loader knows of a compose build, for its context. */
export interface ComposeBuildInput {
  /** Repo-relative, `null` when unknown or remote; may lead out of the project. */
  contextDir: string | null;
  dockerignore: DockerignoreDoc | null;
  /** Where the build names its context. */
  origin: Location;
}

/** The project's build contexts: one object per directory and ignore file, shared by every build that uses them. */
export class BuildContexts {
  readonly #byKey = new Map<string, BuildContext>();
  readonly #byDockerfile = new Map<DockerfileDoc, BuildContext[]>();
  readonly #ownByDockerfile = new Map<DockerfileDoc, BuildContext>();
  #index: PathIndex | null = null;

  /**
   * @param sortedPaths every repo-relative path of the discovery walk, sorted (computed on first use)
   * @param exists whether a repo-relative path exists
   * @param dockerignoreAt the parsed ignore file at a repo-relative path
   */
  constructor(
    readonly sortedPaths: () => readonly string[],
    readonly exists: (path: string) => boolean,
    readonly dockerignoreAt: (path: string) => DockerignoreDoc | null,
  ) {}

  #context(dir: string, dockerignore: DockerignoreDoc | null, origin: Location): BuildContext {
    const key = `${dir}\0${dockerignore?.source.path ?? ''}`;
    let context = this.#byKey.get(key);
    if (context === undefined) {
      context = new ContextFiles(dir, dockerignore, origin, () => (this.#index ??= new PathIndex(this.sortedPaths())));
      this.#byKey.set(key, context);
    }
    return context;
  }

  /** A compose build's context; `null` when it is unknown, remote or outside the project (nothing of it can be seen). */
  ofComposeBuild(build: ComposeBuildInput): BuildContext | null {
    const { contextDir } = build;
    if (contextDir === null || leavesDirectory(contextDir)) return null;
    return this.#context(contextDir, build.dockerignore, build.origin);
  }

  /** `docker build <the Dockerfile's directory>`: the context of a Dockerfile built on its own. */
  ofDirectory(dockerfile: DockerfileDoc): BuildContext {
    let context = this.#ownByDockerfile.get(dockerfile);
    if (context === undefined) {
      const path = dockerfile.source.path;
      const dir = directoryOf(path);
      const ignorePath = dockerignoreFor(path, dir, this.exists);
      const origin = { file: path, range: dockerfile.stages[0]?.from.range ?? START_OF_FILE };
      context = this.#context(dir, ignorePath === null ? null : this.dockerignoreAt(ignorePath), origin);
      this.#ownByDockerfile.set(dockerfile, context);
    }
    return context;
  }

  /** Records the contexts of the compose builds of a Dockerfile (in service order); without any, it is built from its directory. */
  setBuiltWith(dockerfile: DockerfileDoc, contexts: readonly (BuildContext | null)[]): void {
    const known = [...new Set(contexts.filter((context) => context !== null))];
    // Built by compose only from contexts that cannot be seen: nothing of them is known.
    this.#byDockerfile.set(dockerfile, contexts.length === 0 ? [this.ofDirectory(dockerfile)] : known);
  }

  of(dockerfile: DockerfileDoc): readonly BuildContext[] {
    return this.#byDockerfile.get(dockerfile) ?? [this.ofDirectory(dockerfile)];
  }

  /** Every context, in the order first met (compose builds, then Dockerfiles' directories). */
  all(): BuildContext[] {
    return [...this.#byKey.values()];
  }
}
