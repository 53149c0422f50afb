/**
 * `dockerlint verify`: proves the caching policy with a real BuildKit. For each selected build it
 * builds the target once (warm), edits one application source file in a private snapshot of the
 * context, rebuilds, and judges from BuildKit's plain progress that every dependency install came back
 * CACHED.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProjects, type LintedProject } from '../lint.js';
import { targetStage } from '../project/graph.js';
import type { DockerfileDoc, ImageProducer } from '../project/model.js';
import { listing } from '../text.js';
import { isManifest } from '../vocabulary/manifests.js';
import { snapshotContext } from './context.js';
import { findDockerClient, type BuildRequest, type BuildRun, type DockerClient } from '../docker/client.js';
import { harmlessEdit, rankEditCandidates, type EditCandidate } from './edit.js';
import { judge, type StepOutcome } from './judge.js';
import { planBuild, type PlannedStep } from './plan.js';
import { buildFailure, logTail, parseProgress, stepLabel } from './progress.js';
import { composeBuildArgs, orderTargets, selectTargets, type VerifyTarget } from './select.js';
import { leavesDirectory } from '../paths.js';

export interface VerifyOptions {
  /** Project directories, compose files or Dockerfiles, relative to `cwd`. Default: `['.']`. */
  paths?: string[];
  cwd?: string;
  /** Config file; by default the nearest `.dockerlintrc.json`, as for `lint`. */
  configFile?: string;
  /** Compose services to verify (default: every service with a build whose Dockerfile is not a base image's). */
  services?: string[];
  /** Build local base images that are missing (default `true`); when `false`, say which to build. */
  buildBases?: boolean;
  /** `docker build --network` (`host` where the daemon has no default bridge); default: Docker's. */
  network?: string | null;
  /** The file to edit (relative to `cwd`) instead of the one verify would choose; it must be in each build's context. */
  edit?: string;
  /** The Docker client; found on PATH when omitted. */
  docker?: DockerClient;
  /** Environment for finding the client (`PATH`, `DOCKERLINT_DOCKER`, `DOCKER_HOST`). */
  env?: NodeJS.ProcessEnv;
  /** Cancels the running build and cleans up. */
  signal?: AbortSignal;
  onProgress?: (event: VerifyEvent) => void;
}

export type VerifyPhase = 'base' | 'warm' | 'edited';

export type VerifyEvent =
  | { kind: 'start'; name: string; position: number; count: number }
  | { kind: 'build'; name: string; phase: VerifyPhase; image: string | null }
  | { kind: 'built'; name: string; phase: VerifyPhase; image: string | null; seconds: number; ok: boolean }
  | { kind: 'output'; text: string }
  | { kind: 'done'; verification: ServiceVerification };

export type VerifyStatus = 'pass' | 'fail' | 'error' | 'skipped';

/** What a step is to the verdict. */
export type StepRole = 'from' | 'install' | 'before-install' | 'copies-edit' | 'other';

export interface StepReport {
  /** BuildKit's name for the step: `[deps 3/4]`. */
  step: string;
  line: number;
  instruction: string;
  role: StepRole;
  warm: StepOutcome;
  edited: StepOutcome;
  /** Seconds BuildKit reported for the rebuild of the step. */
  seconds: number | null;
}

export interface BuildSummary {
  seconds: number;
  exitCode: number;
  command: string[];
}

export interface ServiceVerification {
  /** The compose service, or the Dockerfile path for a Dockerfile given on its own. */
  name: string;
  service: string | null;
  /** Absolute project root that the paths below are relative to. */
  root: string;
  dockerfile: string | null;
  context: string | null;
  /** The stage built. */
  target: string | null;
  status: VerifyStatus;
  reason: string;
  /** Every step that had to stay cached and was rebuilt, explained (when `fail`). */
  problems: string[];
  /** What to try when a build failed. */
  hints: string[];
  edit: { file: string; contextFile: string; description: string; copiedBy: string[] } | null;
  builds: { warm: BuildSummary | null; edited: BuildSummary | null };
  steps: StepReport[];
  /** Local images the build starts from or copies from. */
  baseImages: string[];
  /** The end of a failed build's log. */
  log: string[];
}

export interface BaseImageReport {
  image: string;
  root: string;
  dockerfile: string;
  context: string;
  target: string | null;
  status: 'present' | 'built' | 'failed' | 'missing';
  /** A build command that makes the image, relative to `root`. */
  command: string;
  seconds: number | null;
  reason: string | null;
  hints: string[];
  log: string[];
}

export interface VerifyResult {
  docker: { client: string; clientVersion: string; serverVersion: string };
  services: ServiceVerification[];
  baseImages: BaseImageReport[];
  /** Every verified build passed (skipped ones aside). */
  ok: boolean;
}

const LOG_TAIL_LINES = 12;

export async function verify(options: VerifyOptions = {}): Promise<VerifyResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const paths = options.paths?.length ? options.paths : ['.'];
  const projects = await loadProjects({ paths, cwd, ...(options.configFile === undefined ? {} : { configFile: options.configFile }) });
  const targets = orderTargets(selectTargets(projects, { paths, cwd, services: options.services ?? [], env: options.env ?? process.env }));
  const docker = options.docker ?? (await findDockerClient(options.env ?? process.env));
  const run = new VerifyRun(docker, options);
  const services: ServiceVerification[] = [];
  for (const [position, target] of targets.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.({ kind: 'start', name: target.name, position: position + 1, count: targets.length });
    const verification = await run.verifyTarget(target);
    services.push(verification);
    options.onProgress?.({ kind: 'done', verification });
  }
  return {
    docker: { client: docker.executable, clientVersion: docker.clientVersion, serverVersion: docker.serverVersion },
    services,
    baseImages: run.baseImages(),
    ok: services.every((verification) => verification.status === 'pass' || verification.status === 'skipped'),
  };
}

// ─── One run ─────────────────────────────────────────────────────────────────

function sanitizeRepository(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'build' : cleaned;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

class VerifyRun {
  readonly #bases = new Map<string, BaseImageReport>();
  /** Local images each base image starts from. */
  readonly #parents = new Map<string, string[]>();

  constructor(
    private readonly docker: DockerClient,
    private readonly options: VerifyOptions,
  ) {}

  baseImages(): BaseImageReport[] {
    return [...this.#bases.values()];
  }

  async verifyTarget(target: VerifyTarget): Promise<ServiceVerification> {
    const verification: ServiceVerification = {
      name: target.name,
      service: target.service?.service.name ?? null,
      root: target.linted.root,
      dockerfile: target.dockerfilePath,
      context: target.contextDir,
      target: null,
      status: 'error',
      reason: '',
      problems: [],
      hints: [],
      edit: null,
      builds: { warm: null, edited: null },
      steps: [],
      baseImages: [],
      log: [],
    };
    const finish = (status: VerifyStatus, reason: string, extra: Partial<ServiceVerification> = {}): ServiceVerification =>
      Object.assign(verification, { status, reason }, extra);

    const unsupported = this.#unsupported(target);
    if (unsupported !== null) return finish('error', unsupported);
    const { dockerfile, contextDir, dockerfilePath } = target;
    if (!dockerfile || contextDir === null || dockerfilePath === null) return finish('error', 'internal: unresolved build');
    const stage = targetStage(dockerfile, target.targetName);
    if (!stage) {
      return finish('error', target.targetName === null ? `${dockerfilePath} has no build stage` : `${dockerfilePath} has no stage named '${target.targetName}' (the service's build target)`);
    }
    verification.target = stage.name ?? (target.targetName ?? null);
    const { project } = target.linted;
    const plan = planBuild(dockerfile, stage, project.graph, target.buildArgs);
    verification.baseImages = plan.localImages.map((producer) => producer.image);
    if (plan.installSteps.length === 0) {
      return finish('skipped', `no dependency install in the stages built${stage.name ? ` for target ${stage.name}` : ''} (looked for apt-get, apk, pip, npm, yarn, pnpm, poetry, uv, conda, bundle, composer, go mod download, cargo fetch…): nothing to keep cached`);
    }

    for (const producer of plan.localImages) {
      const base = await this.#ensureBase(producer, target.linted, []);
      if (base.status === 'missing') {
        const commands = this.#missingChain(base.image).map((missing) => missing.command);
        return finish('error', `needs the local image ${base.image}, which is not built. Build ${commands.length === 1 ? 'it' : 'these'} first: ${commands.join(' && ')}`);
      }
      // The base's own report carries its log and hints.
      if (base.status === 'failed') return finish('error', `needs the local image ${base.image}, which could not be built: ${base.reason ?? ''}`);
    }

    const scratch = await mkdtemp(path.join(tmpdir(), 'dockerlint-verify-'));
    const nonce = randomBytes(8).toString('hex');
    const tags: string[] = [];
    try {
      const contextAbsolute = path.resolve(target.linted.root, contextDir);
      const snapshotDir = path.join(scratch, 'context');
      const dockerfileInContext = relativeInside(contextDir, dockerfilePath);
      const ignoreInContext = target.dockerignore === null ? null : relativeInside(contextDir, target.dockerignore.source.path);
      await mkdir(snapshotDir);
      const snapshot = await snapshotContext(contextAbsolute, snapshotDir, target.dockerignore, [dockerfileInContext, ignoreInContext].filter((file) => file !== null));

      const candidates = rankEditCandidates(plan, snapshot.sent, project.settings.manifests, dockerfileInContext);
      if (this.options.edit !== undefined) {
        const asked = path.relative(contextAbsolute, path.resolve(this.options.cwd ?? process.cwd(), this.options.edit)).split(path.sep).join('/');
        const refusal = editRefusal(asked, snapshot.sent, candidates, project.settings.manifests);
        if (refusal !== null) return finish('error', `cannot edit ${this.options.edit}: ${refusal}`);
        candidates.splice(0, candidates.length, ...candidates.filter((candidate) => candidate.file === asked));
      }
      const chosen = await this.#chooseEdit(candidates, snapshotDir, nonce);
      if (chosen === null && this.options.edit !== undefined) return finish('error', `cannot edit ${this.options.edit}: it is not a text file that can be edited harmlessly`);
      if (chosen === null) {
        return finish('skipped', candidates.length === 0
          ? 'no application source file of the context is copied into the build (manifests and build files aside): nothing to edit'
          : `none of the ${candidates.length} application files copied into the build is a text file that can be edited harmlessly`);
      }
      const dockerfileForBuild = dockerfileInContext === null ? path.resolve(target.linted.root, dockerfilePath) : path.join(snapshotDir, dockerfileInContext);
      const request = (phase: 'warm' | 'edited'): BuildRequest => {
        const tag = `dockerlint-verify/${sanitizeRepository(target.name)}:${nonce}-${phase}`;
        tags.push(tag);
        return {
          context: snapshotDir,
          dockerfile: dockerfileForBuild,
          target: target.targetName,
          buildArgs: target.buildArgs,
          tag,
          network: this.options.network ?? null,
        };
      };

      const warm = await this.#build(target.name, 'warm', request('warm'));
      verification.builds.warm = summary(warm);
      if (warm.exitCode !== 0) {
        return finish('error', `the build before the edit failed: ${buildFailure(warm.log)}`, { log: logTail(warm.log, LOG_TAIL_LINES), hints: hintsFor(warm.log, dockerfile) });
      }

      await writeFile(path.join(snapshotDir, chosen.candidate.file), chosen.text);
      verification.edit = {
        file: path.posix.join(contextDir, chosen.candidate.file),
        contextFile: chosen.candidate.file,
        description: chosen.description,
        copiedBy: chosen.candidate.readBy.map((planned) => `${stepLabel(planned)} ${planned.text} (line ${planned.line})`),
      };
      const edited = await this.#build(target.name, 'edited', request('edited'));
      verification.builds.edited = summary(edited);
      if (edited.exitCode !== 0) {
        return finish('error', `the rebuild after editing ${chosen.candidate.file} failed: ${buildFailure(edited.log)}`, {
          log: logTail(edited.log, LOG_TAIL_LINES),
          hints: hintsFor(edited.log, dockerfile),
        });
      }

      const judgement = judge(plan, parseProgress(warm.log), parseProgress(edited.log), chosen.candidate.file);
      verification.steps = judgement.steps.map((judged) => ({
        step: stepLabel(judged.planned),
        line: judged.planned.line,
        instruction: judged.planned.text,
        role: roleOf(judged.planned, judged.readsEditedFile),
        warm: judged.warm,
        edited: judged.edited,
        seconds: judged.editedSeconds,
      }));
      return finish(judgement.verdict, judgement.reason, { problems: judgement.problems });
    } finally {
      await this.docker.removeImages(tags);
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Why a build cannot be verified as configured, or `null`. */
  #unsupported(target: VerifyTarget): string | null {
    const build = target.service?.service.build ?? null;
    if (build?.dockerfileInline) return 'the service has an inline Dockerfile (dockerfile_inline), which verify cannot rebuild from a copied context';
    if (target.contextDir === null) {
      const context = build?.context.resolved ?? null;
      return context === null ? `the build context '${build?.context.value ?? ''}' has a variable without a value` : `the build context ${context} is not a local directory`;
    }
    if (build && build.additionalContexts.size > 0) {
      return `the build uses additional_contexts (${listing([...build.additionalContexts.keys()])}), which verify does not pass to docker build yet`;
    }
    if (target.dockerfilePath === null) return 'the Dockerfile path has a variable without a value';
    if (target.dockerfile === null) return `${target.dockerfilePath} does not exist or is not a Dockerfile of the project`;
    if (!existsSync(path.resolve(target.linted.root, target.contextDir))) return `the build context ${target.contextDir} does not exist`;
    return null;
  }

  async #chooseEdit(candidates: readonly EditCandidate[], snapshotDir: string, nonce: string): Promise<{ candidate: EditCandidate; text: string; description: string } | null> {
    for (const candidate of candidates) {
      const file = path.join(snapshotDir, candidate.file);
      if (!(await isTextFile(file))) continue;
      const edit = harmlessEdit(candidate.file, await readFile(file, 'utf8'), nonce);
      if (edit) return { candidate, ...edit };
    }
    return null;
  }

  async #build(name: string, phase: VerifyPhase, request: BuildRequest): Promise<BuildRun> {
    const { onProgress, signal } = this.options;
    const image = phase === 'base' ? request.tag : null;
    onProgress?.({ kind: 'build', name, phase, image });
    const result = await this.docker.build(request, { ...(signal ? { signal } : {}), onOutput: (text) => onProgress?.({ kind: 'output', text }) });
    signal?.throwIfAborted();
    onProgress?.({ kind: 'built', name, phase, image, seconds: result.seconds, ok: result.exitCode === 0 });
    return result;
  }

  /** A missing image and the missing images it starts from, in build order. */
  #missingChain(image: string, seen = new Set<string>()): BaseImageReport[] {
    const report = this.#bases.get(image);
    if (report?.status !== 'missing' || seen.has(image)) return [];
    seen.add(image);
    return [...(this.#parents.get(image) ?? []).flatMap((parent) => this.#missingChain(parent, seen)), report];
  }

  /** Makes sure a local image exists: present, or built (its own local bases first). Reports in build order. */
  async #ensureBase(producer: ImageProducer, linted: LintedProject, chain: readonly string[]): Promise<BaseImageReport> {
    const known = this.#bases.get(producer.image);
    if (known) return known;
    const { buildArgs, ...spec } = baseBuildSpec(producer, linted, this.options.env ?? process.env);
    const report: BaseImageReport = { ...spec, status: 'present', seconds: null, reason: null, hints: [], log: [] };
    const settle = (changes: Partial<BaseImageReport> = {}): BaseImageReport => {
      Object.assign(report, changes);
      this.#bases.set(producer.image, report);
      return report;
    };
    if ((await this.docker.imageId(producer.image)) !== null) return settle();
    if (chain.includes(producer.image)) return settle({ status: 'failed', reason: `it starts from itself (${[...chain, producer.image].join(' → ')})` });
    const plan = planBuild(producer.dockerfile, producer.stage, linted.project.graph, buildArgs);
    this.#parents.set(producer.image, plan.localImages.map((parent) => parent.image));
    for (const parent of plan.localImages) {
      const parentReport = await this.#ensureBase(parent, linted, [...chain, producer.image]);
      if (parentReport.status === 'failed') return settle({ status: 'failed', reason: `its base ${parent.image} could not be built` });
    }
    if (this.options.buildBases === false) return settle({ status: 'missing' });
    const result = await this.#build(producer.image, 'base', {
      context: path.resolve(linted.root, spec.context),
      dockerfile: path.resolve(linted.root, spec.dockerfile),
      target: spec.target,
      buildArgs,
      tag: producer.image,
      network: this.options.network ?? null,
    });
    if (result.exitCode === 0) return settle({ status: 'built', seconds: roundSeconds(result.seconds) });
    return settle({
      status: 'failed',
      seconds: roundSeconds(result.seconds),
      reason: buildFailure(result.log),
      hints: hintsFor(result.log, producer.dockerfile),
      log: logTail(result.log, LOG_TAIL_LINES),
    });
  }
}

/** How a local image is built: by the compose service that names it, else from its Dockerfile's directory. */
function baseBuildSpec(producer: ImageProducer, linted: LintedProject, env: NodeJS.ProcessEnv): Omit<BaseImageReport, 'status' | 'seconds' | 'reason' | 'hints' | 'log'> & { buildArgs: Map<string, string | null> } {
  const { dockerfile, stage } = producer;
  const building = linted.project.graph
    .servicesBuilding(dockerfile)
    .find((resolved) => resolved.contextDir !== null && resolved.service.image?.resolved !== undefined && targetStage(dockerfile, resolved.service.build?.target?.resolved ?? null) === stage);
  const buildArgs = building ? composeBuildArgs(linted, building, env) : new Map<string, string | null>();
  const dockerfilePath = dockerfile.source.path;
  const directory = path.posix.dirname(dockerfilePath);
  const context = building?.contextDir ?? (directory === '.' ? '' : directory);
  const isLast = stage === dockerfile.stages.at(-1);
  const target = isLast ? null : stage.name;
  const words = ['docker', 'build'];
  if (context === '' ? dockerfilePath !== 'Dockerfile' : dockerfilePath !== `${context}/Dockerfile`) words.push('-f', dockerfilePath);
  if (target !== null) words.push('--target', target);
  for (const [name, value] of buildArgs) words.push('--build-arg', value === null ? name : `${name}=${value}`);
  words.push('-t', producer.image, context === '' ? '.' : context);
  return {
    image: producer.image,
    root: linted.root,
    dockerfile: dockerfilePath,
    context: context === '' ? '.' : context,
    target,
    command: words.map(shellQuote).join(' '),
    buildArgs,
  };
}

function relativeInside(dir: string, file: string): string | null {
  const relative = path.posix.relative(dir === '' ? '.' : dir, file);
  return relative === '' || leavesDirectory(relative) ? null : relative;
}

/** Why a file the user named cannot be the probe edit, or `null` when it can. */
function editRefusal(file: string, sent: readonly string[], candidates: readonly EditCandidate[], manifests: readonly string[]): string | null {
  if (leavesDirectory(file)) return 'it is outside the build context';
  if (!sent.includes(file)) return 'BuildKit does not receive it (missing, or excluded by the ignore file)';
  if (isManifest(file, manifests)) return 'it is a dependency manifest, and editing one must rebuild the install';
  if (!candidates.some((candidate) => candidate.file === file)) return 'no step of the build copies it (or it is a Dockerfile or ignore file)';
  return null;
}

/** A regular file (never a symlink, which could lead out of the snapshot) of text, at most 4 MiB. */
async function isTextFile(file: string): Promise<boolean> {
  const stats = await lstat(file).catch(() => null);
  if (!stats?.isFile()) return false;
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return false;
  try {
    const { size } = await handle.stat();
    if (!(size >= 0 && size <= 4 * 1024 * 1024)) return false;
    const buffer = Buffer.alloc(Math.min(size, 8000));
    await handle.read(buffer, 0, buffer.length, 0);
    return !buffer.includes(0);
  } finally {
    await handle.close();
  }
}

function summary(run: BuildRun): BuildSummary {
  return { seconds: roundSeconds(run.seconds), exitCode: run.exitCode, command: run.command };
}

function roundSeconds(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

function roleOf(planned: PlannedStep, readsEditedFile: boolean): StepRole {
  if (planned.kind === 'from') return 'from';
  if (planned.installs.length > 0) return 'install';
  if (readsEditedFile) return 'copies-edit';
  return planned.mustStayCached ? 'before-install' : 'other';
}

const RUN_WITHOUT_NETWORK = /Could not resolve host|Temporary failure in resolving|EAI_AGAIN|ENOTFOUND|getaddrinfo|network is unreachable/i;
const REGISTRY_FAILURE = /pull access denied|manifest unknown|repository does not exist|failed to do request|failed to resolve source metadata/i;

/** What to try when a build failed, from patterns in its log. */
export function hintsFor(log: string, dockerfile: DockerfileDoc): string[] {
  const hints: string[] = [];
  if (log.includes('network bridge not found')) {
    hints.push('RUN steps have no network: the daemon runs without a default bridge network (dockerd --bridge=none). Run verify with --network host.');
  } else if (RUN_WITHOUT_NETWORK.test(log)) {
    hints.push('A step could not reach the network. If builds need the host network here, run verify with --network host.');
  }
  if (!REGISTRY_FAILURE.test(log)) return hints;
  // Parser directives come first in the file, before any other line.
  const frontend = /^(?:[ \t]*#[ \t]*\w+[ \t]*=.*\n)*?[ \t]*#[ \t]*syntax[ \t]*=[ \t]*(\S+)/i.exec(dockerfile.source.text)?.[1];
  if (frontend !== undefined && log.includes(`resolve image config for docker.io/${frontend.replace(/^docker\.io\//, '')}`)) {
    hints.push(`The \`# syntax=${frontend}\` line makes BuildKit fetch that frontend image from a registry. Without one, pull it beforehand or remove the line to use the built-in frontend.`);
  } else {
    hints.push('BuildKit could not fetch an image from a registry: pull it beforehand, or build it first if it is one of your base images.');
  }
  return hints;
}
