/**
 * Which builds `verify` checks, and in which order: compose services with a build (by name, or those
 * under the given paths; base images only when named), Dockerfiles given on their own, and builds
 * that produce an image another selected build starts from before that build.
 */
import path from 'node:path';
import { UsageError, type LintedProject } from '../lint.js';
import { envFileVariables } from '../project/envfile.js';
import { targetStage } from '../project/graph.js';
import { interpolate, referencedVariables } from '../project/interpolate.js';
import type { DockerfileDoc, DockerignoreDoc, ResolvedService } from '../project/model.js';
import { closest, listing } from '../text.js';
import { planBuild } from './plan.js';

/** A build to verify: a compose service, or a Dockerfile given on the command line. */
export interface VerifyTarget {
  name: string;
  service: ResolvedService | null;
  linted: LintedProject;
  dockerfilePath: string | null;
  dockerfile: DockerfileDoc | null;
  contextDir: string | null;
  /** The `--target` asked for. */
  targetName: string | null;
  buildArgs: Map<string, string | null>;
  dockerignore: DockerignoreDoc | null;
}

function within(file: string | null, dir: string): boolean {
  return file !== null && (dir === '' || file === dir || file.startsWith(`${dir}/`));
}

/**
 * Compose's build arguments: values interpolated from the shell environment and the compose file's
 * `.env` (the shell wins); an unset variable becomes empty, as Compose makes it. A name without a
 * value (`args: [TOKEN]`) is passed on by name, so the client takes it from the environment.
 */
export function composeBuildArgs(linted: LintedProject, resolved: ResolvedService, env: NodeJS.ProcessEnv): Map<string, string | null> {
  const dir = path.posix.dirname(resolved.composeFile);
  const envFile = linted.project.envFiles.find((doc) => doc.source.path === (dir === '.' ? '.env' : `${dir}/.env`));
  const variables = new Map(envFile ? envFileVariables(envFile) : []);
  for (const [name, value] of Object.entries(env)) if (value !== undefined) variables.set(name, value);
  const buildArgs = new Map<string, string | null>();
  for (const [name, { value }] of resolved.service.build?.args ?? []) {
    if (value === null) {
      buildArgs.set(name, null);
      continue;
    }
    const unset = referencedVariables(value).filter((variable) => !variables.has(variable));
    buildArgs.set(name, interpolate(value, new Map([...variables, ...unset.map((variable): [string, string] => [variable, ''])])) ?? value);
  }
  return buildArgs;
}

function serviceTarget(linted: LintedProject, resolved: ResolvedService, env: NodeJS.ProcessEnv): VerifyTarget {
  const build = resolved.service.build;
  const buildArgs = composeBuildArgs(linted, resolved, env);
  return {
    name: resolved.service.name,
    service: resolved,
    linted,
    dockerfilePath: resolved.dockerfilePath,
    dockerfile: resolved.dockerfile,
    contextDir: resolved.contextDir,
    targetName: build?.target?.resolved ?? null,
    buildArgs,
    dockerignore: resolved.dockerignore,
  };
}

/** A Dockerfile built on its own: its directory is the context, its last stage the target. Named by its path from `cwd`. */
function dockerfileTarget(linted: LintedProject, dockerfile: DockerfileDoc, cwd: string): VerifyTarget {
  const { project } = linted;
  const dockerfilePath = dockerfile.source.path;
  const context = project.directoryContext(dockerfile);
  return {
    name: path.relative(cwd, path.join(linted.root, dockerfilePath)).split(path.sep).join('/'),
    service: null,
    linted,
    dockerfilePath,
    dockerfile,
    contextDir: context.dir,
    targetName: null,
    buildArgs: new Map(),
    dockerignore: context.dockerignore,
  };
}

export interface Selection {
  /** Project directories, compose files or Dockerfiles, relative to `cwd`. */
  paths: readonly string[];
  cwd: string;
  /** Compose service names; empty for every service build under `paths`. */
  services: readonly string[];
  /** The shell environment, for build arguments as Compose passes them. */
  env: NodeJS.ProcessEnv;
}

export function selectTargets(projects: readonly LintedProject[], selection: Selection): VerifyTarget[] {
  const { paths, cwd, env } = selection;
  const serviceNames = selection.services;
  const selected = new Map<string, VerifyTarget>();
  const add = (target: VerifyTarget): void => {
    const key = `${target.linted.root}\0${target.service ? `service:${target.name}` : `file:${target.name}`}`;
    if (!selected.has(key)) selected.set(key, target);
  };
  const wanted = new Set(serviceNames);
  const found = new Set<string>();

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const linted = [...projects]
      .filter((candidate) => absolute === candidate.root || absolute.startsWith(`${candidate.root}${path.sep}`))
      .sort((a, b) => b.root.length - a.root.length)[0];
    if (!linted) continue;
    const { project } = linted;
    const scope = path.relative(linted.root, absolute).split(path.sep).join('/');
    const document = scope === '' ? undefined : project.document(scope);
    const withBuild = project.services.filter((resolved) => resolved.service.build !== null);
    let inScope: ResolvedService[];
    if (document?.kind === 'dockerfile') inScope = withBuild.filter((resolved) => resolved.dockerfilePath === scope);
    else if (document?.kind === 'compose') inScope = withBuild.filter((resolved) => resolved.composeFile === scope);
    else if (document !== undefined) throw new UsageError(`${given} is not a Dockerfile, a compose file or a directory`);
    else inScope = withBuild.filter((resolved) => within(resolved.contextDir, scope) || within(resolved.dockerfilePath, scope));

    if (wanted.size > 0) {
      for (const resolved of inScope) {
        if (wanted.has(resolved.service.name)) {
          found.add(resolved.service.name);
          add(serviceTarget(linted, resolved, env));
        }
      }
      continue;
    }
    if (document?.kind === 'dockerfile') {
      // A Dockerfile named on the command line is verified even when it builds a base image.
      if (inScope.length === 0) add(dockerfileTarget(linted, document, cwd));
      for (const resolved of inScope) add(serviceTarget(linted, resolved, env));
      continue;
    }
    const isServiceBuild = (resolved: ResolvedService): boolean => resolved.dockerfile === null || project.graph.role(resolved.dockerfile) === 'service';
    const services = inScope.filter(isServiceBuild);
    for (const resolved of services) add(serviceTarget(linted, resolved, env));
    if (inScope.length === 0) {
      // No compose service builds here: verify the service Dockerfiles on their own.
      for (const dockerfile of project.dockerfiles) {
        if (within(dockerfile.source.path, scope) && project.graph.role(dockerfile) === 'service') add(dockerfileTarget(linted, dockerfile, cwd));
      }
    }
  }

  const missing = [...wanted].filter((name) => !found.has(name));
  if (missing.length > 0) {
    const known = [...new Set(projects.flatMap((linted) => linted.project.services.filter((resolved) => resolved.service.build !== null).map((resolved) => resolved.service.name)))];
    const suggestions = missing.map((name) => closest(name, known)).filter((name) => name !== null);
    const hint = suggestions.length > 0 ? ` Did you mean ${listing(suggestions.map((name) => `'${name}'`))}?` : known.length > 0 ? ` Services with a build: ${listing(known)}.` : ' No compose service has a build.';
    const where = paths.length === 1 && paths[0] === '.' ? '' : ` under ${listing([...paths])}`;
    throw new UsageError(`no compose service with a build named ${listing(missing.map((name) => `'${name}'`))}${where}.${hint}`);
  }
  if (selected.size === 0) {
    throw new UsageError(`nothing to verify in ${listing([...paths])}: no compose service with a build, and no service Dockerfile. Name a Dockerfile to verify it on its own.`);
  }
  return [...selected.values()];
}

/** The image a target produces, when other builds may start from it. */
function producedImage(target: VerifyTarget): string | null {
  if (!target.dockerfile) return null;
  const stage = targetStage(target.dockerfile, target.targetName);
  const producer = target.linted.project.graph.producers.find((candidate) => candidate.dockerfile === target.dockerfile && candidate.stage === stage);
  return producer?.image ?? null;
}

/** Builds that produce images others start from go first; otherwise the selection order is kept. */
export function orderTargets(targets: VerifyTarget[]): VerifyTarget[] {
  const needs = targets.map((target) => {
    const stage = target.dockerfile ? targetStage(target.dockerfile, target.targetName) : undefined;
    if (!target.dockerfile || !stage) return new Set<string>();
    const plan = planBuild(target.dockerfile, stage, target.linted.project.graph, target.buildArgs);
    return new Set(plan.localImages.map((producer) => producer.image));
  });
  const produces = targets.map(producedImage);
  const ordered: VerifyTarget[] = [];
  const placed = new Set<number>();
  while (placed.size < targets.length) {
    const ready = targets.findIndex(
      (_, index) => !placed.has(index) && ![...(needs[index] ?? [])].some((image) => produces.some((produced, other) => produced === image && other !== index && !placed.has(other))),
    );
    // A cycle cannot build anyway: take the next in order and let the build report it.
    const next = ready === -1 ? targets.findIndex((_, index) => !placed.has(index)) : ready;
    placed.add(next);
    const target = targets[next];
    if (target) ordered.push(target);
  }
  return ordered;
}

