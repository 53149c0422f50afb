/**
 * Build contexts as the rules see them: which context (and ignore file) a Dockerfile is built with,
 * the files in it, and what a `COPY` source names there — with Docker's wildcard matching.
 */
import { isRemoteSource } from '../../vocabulary/manifests.js';
import { posix } from 'node:path';
import { dockerignoreFor } from '../../project/dockerignore.js';
import type { CopyInstruction, DockerfileDoc, DockerignoreDoc, Project, Word } from '../../project/model.js';
import { leavesDirectory, runBelow } from '../../paths.js';
import { hasWildcard, segmentMatcher } from '../../vocabulary/copy-wildcards.js';

export interface BuildContext {
  /** Repo-relative directory (`''` for the repository root). */
  dir: string;
  /** The ignore file Docker uses for the build, or `null` when there is none. */
  dockerignore: DockerignoreDoc | null;
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/**
 * The contexts a Dockerfile is built with: those of the compose services that build it (contexts that
 * are unknown, remote or outside the project skipped), else the Dockerfile's own directory — what
 * `docker build <dir>` next to it would use.
 */
export function contextsOf(project: Project, dockerfile: DockerfileDoc): BuildContext[] {
  const services = project.graph.servicesBuilding(dockerfile);
  if (services.length === 0) {
    const dir = directoryOf(dockerfile.source.path);
    const ignorePath = dockerignoreFor(dockerfile.source.path, dir, project.exists);
    const doc = ignorePath === null ? undefined : project.document(ignorePath);
    return [{ dir, dockerignore: doc?.kind === 'dockerignore' ? doc : null }];
  }
  const contexts = new Map<string, BuildContext>();
  for (const resolved of services) {
    const dir = resolved.contextDir;
    if (dir === null || leavesDirectory(dir)) continue;
    const key = `${dir}\0${resolved.dockerignore?.source.path ?? ''}`;
    if (!contexts.has(key)) contexts.set(key, { dir, dockerignore: resolved.dockerignore });
  }
  return [...contexts.values()];
}


/**
 * A COPY/ADD source as a clean context-relative path (`''` for the context root), or `null` when it
 * cannot be judged: a remote ADD source, a variable, or a path that climbs out of the context.
 */
export function contextPath(instruction: CopyInstruction, source: Word): string | null {
  const value = source.value;
  if (value.includes('$')) return null;
  if (instruction.keyword === 'ADD' && isRemoteSource(value)) return null;
  return cleanContextPath(value);
}

/** `./src/` → `src`, `/app.py` → `app.py`, `.` → `''`; `null` for a path leaving the context. */
export function cleanContextPath(value: string): string | null {
  const normalized = posix.normalize(`./${value.replace(/^\/+/, '')}`).replace(/\/+$/, '');
  if (leavesDirectory(normalized)) return null;
  return normalized === '.' ? '' : normalized;
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
interface PathIndex {
  sorted: readonly string[];
  entries: ReadonlySet<string>;
  /** Paths with something below them, and the root. */
  directories: ReadonlySet<string>;
  children: ReadonlyMap<string, readonly string[]>;
}

const indexes = new WeakMap<Project, PathIndex>();

function pathIndex(project: Project): PathIndex {
  const cached = indexes.get(project);
  if (cached) return cached;
  const sorted = project.filesUnder('');
  const children = new Map<string, string[]>();
  for (const path of sorted) {
    const parent = directoryOf(path);
    const siblings = children.get(parent);
    if (siblings) siblings.push(path);
    else children.set(parent, [path]);
  }
  const index = { sorted, entries: new Set(['', ...sorted]), directories: new Set(['', ...children.keys()]), children };
  indexes.set(project, index);
  return index;
}

/** The entries of one build context (files and directories, from the discovery walk), as a tree. */
export class ContextTree {
  readonly #index: PathIndex;
  /** `''` or `dir/`: turns context-relative paths into repo-relative ones. */
  readonly #prefix: string;

  constructor(project: Project, readonly dir: string) {
    this.#index = pathIndex(project);
    this.#prefix = dir === '' ? '' : `${dir}/`;
  }

  #repoPath(path: string): string {
    return path === '' ? this.dir : `${this.#prefix}${path}`;
  }

  #contextPath(repoPath: string): string {
    return repoPath.slice(this.#prefix.length);
  }

  has(path: string): boolean {
    return this.#index.entries.has(this.#repoPath(path));
  }

  isDirectory(path: string): boolean {
    return this.#index.directories.has(this.#repoPath(path)) && this.has(path);
  }

  #children(path: string): string[] {
    return (this.#index.children.get(this.#repoPath(path)) ?? []).map((child) => this.#contextPath(child));
  }

  /**
   * The entries a COPY source names: the path itself when it exists, or every entry its wildcards
   * match (walked segment by segment, so the work is proportional to the directories visited).
   */
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

  /**
   * What copying an entry copies, lazily and in path order: the entry itself when nothing is below it
   * (a file, an empty directory, or a directory the discovery walk did not enter), else the leaves
   * below it. One scan of the entries below, each visited once.
   */
  *walkLeaves(path: string): Generator<string> {
    const repoPath = this.#repoPath(path);
    const { sorted, directories } = this.#index;
    const { start, end } = runBelow(sorted, repoPath);
    if (start === end) {
      if (path !== '') yield path;
      return;
    }
    for (let index = start; index < end; index++) {
      const entry = sorted[index] ?? '';
      if (!directories.has(entry)) yield this.#contextPath(entry);
    }
  }

  leaves(path: string): string[] {
    return [...this.walkLeaves(path)];
  }
}

/** One `ContextTree` per context directory for the duration of a rule's check. */
export function contextTrees(project: Project): (dir: string) => ContextTree {
  const trees = new Map<string, ContextTree>();
  return (dir) => {
    let tree = trees.get(dir);
    if (!tree) {
      tree = new ContextTree(project, dir);
      trees.set(dir, tree);
    }
    return tree;
  };
}

/** The COPY/ADD instructions of a Dockerfile that read from the build context (no `--from`). */
export function contextCopies(dockerfile: DockerfileDoc): CopyInstruction[] {
  return dockerfile.instructions.filter(
    (instruction): instruction is CopyInstruction =>
      (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && 'sources' in instruction && instruction.from === null,
  );
}
