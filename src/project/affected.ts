/**
 * Which files' findings a change to some files can alter, from the relations the project model knows:
 * a build context's files (its `.dockerignore`, scripts, sources) feed the Dockerfiles built with it; a
 * compose file (and the `.env` beside it) feeds its services' Dockerfiles and `.dockerignore` files; a
 * Dockerfile feeds the compose files that build it and every Dockerfile built on it, transitively; a file
 * in a bind mount feeds the compose file that mounts it. Used to lint only what a change touches
 * (`--changed-since`, the file names a pre-commit hook passes).
 */
import { posix } from 'node:path';
import { leavesDirectory } from '../paths.js';
import { resolveIncludePath } from './compose-merge.js';
import { dockerignoreFor } from './dockerignore.js';
import type { DockerfileDoc, Project, ResolvedService } from './model.js';

/** What a Dockerfile is built with: the context's files feed it and its ignore file. */
interface Build {
  dockerfile: string;
  dockerignore: string | null;
  contextDir: string;
}

/** The changed files and every file whose findings they can change (repo-relative paths; deleted files may be among `changed`). */
export function affectedFiles(project: Project, changed: readonly string[]): Set<string> {
  const affected = new Set(changed);
  // A run that names no file (a plain lint of directories) asks nothing of the project's relations.
  if (changed.length === 0) return affected;
  const builds = buildsOf(project);
  const mounts = project.services.map((resolved) => ({ resolved, dirs: bindMountDirectories(resolved) }));
  for (const file of changed) {
    for (const build of builds) {
      if (isUnder(file, build.contextDir) || file === build.dockerfile) {
        affected.add(build.dockerfile);
        if (build.dockerignore !== null) affected.add(build.dockerignore);
      }
    }
    for (const { resolved, dirs } of mounts) {
      if (resolved.dockerfilePath === file) affected.add(resolved.composeFile);
      if (dirs.some((dir) => isUnder(file, dir))) affected.add(resolved.composeFile);
    }
    for (const compose of composeFilesReading(project, file)) affected.add(compose);
    for (const resolved of servicesChangedBy(project, file)) {
      if (resolved.dockerfilePath !== null) affected.add(resolved.dockerfilePath);
      if (resolved.dockerignore) affected.add(resolved.dockerignore.source.path);
    }
  }
  // What is built on an affected Dockerfile inherits the change.
  const children = dockerfileChildren(project);
  const queue = project.dockerfiles.filter((doc) => affected.has(doc.source.path));
  for (let doc = queue.shift(); doc !== undefined; doc = queue.shift()) {
    for (const child of children.get(doc) ?? []) {
      if (affected.has(child.source.path)) continue;
      affected.add(child.source.path);
      queue.push(child);
    }
  }
  return affected;
}

function isUnder(file: string, dir: string): boolean {
  return dir === '' || file === dir || file.startsWith(`${dir}/`);
}

/** Each Dockerfile with the contexts it is built with: its services', else its own directory (as `docker build` beside it). */
function buildsOf(project: Project): Build[] {
  const builds: Build[] = [];
  for (const resolved of project.services) {
    const { dockerfilePath, contextDir } = resolved;
    if (dockerfilePath === null || contextDir === null || leavesDirectory(contextDir)) continue;
    builds.push({ dockerfile: dockerfilePath, dockerignore: resolved.dockerignore?.source.path ?? null, contextDir });
  }
  for (const doc of project.dockerfiles) {
    if (project.graph.servicesBuilding(doc).length > 0) continue;
    const dockerfile = doc.source.path;
    const contextDir = posix.dirname(dockerfile) === '.' ? '' : posix.dirname(dockerfile);
    builds.push({ dockerfile, dockerignore: dockerignoreFor(dockerfile, contextDir, project.exists), contextDir });
  }
  return builds;
}

/** Repo-relative host directories of a service's bind mounts inside the project. */
function bindMountDirectories(resolved: ResolvedService): string[] {
  const composeDir = posix.dirname(resolved.composeFile);
  return resolved.service.volumes.flatMap((volume) => {
    if (volume.hostPath === null || posix.isAbsolute(volume.hostPath) || volume.hostPath.startsWith('~')) return [];
    const dir = posix.normalize(posix.join(composeDir, volume.hostPath)).replace(/\/$/, '');
    return leavesDirectory(dir) ? [] : [dir === '.' ? '' : dir];
  });
}

/**
 * The compose files whose findings `file` can change: itself, the other compose files of its directory
 * (overrides merge by service name), those that `include:` it, and those a `.env` beside them interpolates.
 */
function composeFilesReading(project: Project, file: string): string[] {
  const dir = posix.dirname(file);
  const sameDirectory = project.composeFiles.filter((doc) => posix.dirname(doc.source.path) === dir).map((doc) => doc.source.path);
  if (posix.basename(file) === '.env') return sameDirectory;
  if (!sameDirectory.includes(file)) return [];
  const including = project.composeFiles
    .filter((doc) => doc.includes.some((include) => include.resolved !== null && resolveIncludePath(doc.source.path, include.resolved) === file))
    .map((doc) => doc.source.path);
  return [...sameDirectory, ...including];
}

/**
 * The services whose definition `file` changes: those a compose file defines or overrides (merged services
 * are named where they are last defined, overrides lie in the same directory), every service of the compose
 * files beside a `.env`.
 */
function servicesChangedBy(project: Project, file: string): ResolvedService[] {
  const dir = posix.dirname(file);
  if (posix.basename(file) === '.env') return project.services.filter((resolved) => posix.dirname(resolved.composeFile) === dir);
  const doc = project.composeFiles.find((candidate) => candidate.source.path === file);
  if (doc === undefined) return [];
  const names = new Set(doc.services.map((service) => service.name));
  return project.services.filter((resolved) => resolved.composeFile === file || (names.has(resolved.service.name) && posix.dirname(resolved.composeFile) === dir));
}

/** The Dockerfiles that build FROM, or COPY --from, an image another Dockerfile produces. */
function dockerfileChildren(project: Project): Map<DockerfileDoc, DockerfileDoc[]> {
  const children = new Map<DockerfileDoc, DockerfileDoc[]>();
  for (const doc of project.dockerfiles) {
    for (const stage of doc.stages) {
      const sources = [project.graph.parentOf(doc, stage)];
      for (const instruction of stage.instructions) {
        if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && 'from' in instruction && instruction.from !== null) {
          sources.push(project.graph.resolveFrom(doc, stage, instruction.from));
        }
      }
      for (const source of sources) {
        if (source.kind !== 'local' || source.producer.dockerfile === doc) continue;
        const list = children.get(source.producer.dockerfile) ?? [];
        if (!list.includes(doc)) list.push(doc);
        children.set(source.producer.dockerfile, list);
      }
    }
  }
  return children;
}
