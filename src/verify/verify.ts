/**
 * `dockerlint verify`: proves the caching policy with a real BuildKit. For each selected build it
 * builds the target once (warm), then runs its probes, each on a fresh private copy of the context:
 * a source edit must leave every dependency install CACHED (within the time budget), a neutral edit of
 * each manifest must re-run an install, files the ignore file must exclude change nothing, another
 * service's edit leaves it cached, and its local base images are built once and reused. The verdicts
 * come from BuildKit's plain progress output.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import { appendFile, lstat, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findDockerClient, type BuildRequest, type BuildRun, type DockerClient } from '../docker/client.js';
import { loadProjects, type LintedProject } from '../lint.js';
import { targetStage } from '../project/graph.js';
import type { DockerfileDoc, ImageProducer } from '../project/model.js';
import { listing } from '../text.js';
import { isManifest, mandatoryIgnoresFor } from '../vocabulary/manifests.js';
import { snapshotContext } from './context.js';
import { harmlessEdit, rankEditCandidates, type EditCandidate } from './edit.js';
import { describeStep, judge, type StepOutcome } from './judge.js';
import { planBuild, readsFile, type BuildPlan, type PlannedStep } from './plan.js';
import {
  DEFAULT_BUDGET_SECONDS,
  manifestsToEdit,
  neutralManifestEdit,
  PROBES,
  rebuiltSteps,
  sampleDirectories,
  sampleFile,
  staleInstallProblem,
  unrelatedEditProblems,
  type ProbeBuild,
  type ProbeName,
  type ProbeResult,
  type ProbeStatus,
} from './probes.js';
import { buildFailure, logTail, parseProgress, stepLabel, stepLine } from './progress.js';
import { formatSeconds } from './report.js';
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
  /** The probes to run (default: all). */
  probes?: ProbeName[];
  /** Seconds the rebuild after the source edit may take (default 30, the policy's figure). */
  budget?: number;
  /** The Docker client; found on PATH when omitted. */
  docker?: DockerClient;
  /** Environment for finding the client (`PATH`, `DOCKERLINT_DOCKER`, `DOCKER_HOST`). */
  env?: NodeJS.ProcessEnv;
  /** Cancels the running build and cleans up. */
  signal?: AbortSignal;
  onProgress?: (event: VerifyEvent) => void;
}

/** What a build is for: a missing base image, the build before any change, or a probe's rebuild. */
export type VerifyPhase = 'base' | 'warm' | 'edited' | 'manifest' | 'unrelated' | 'isolation';

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
  /** The verdict of its probes: `fail` when one failed, else `error` when one could not prove its point. */
  status: VerifyStatus;
  /** The deciding probe's reason (`source-edit: …`), or why no probe ran. */
  reason: string;
  /** Every failure of every probe, explained (when `fail`). */
  problems: string[];
  /** What to try when a build failed. */
  hints: string[];
  edit: { file: string; contextFile: string; description: string; copiedBy: string[] } | null;
  /** The build before any change, and the rebuild after the source edit. */
  builds: { warm: BuildSummary | null; edited: BuildSummary | null };
  /** Each step of the source-edit rebuild. */
  steps: StepReport[];
  /** One result per probe run, in the order of `PROBES`. */
  probes: ProbeResult[];
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
  /** Seconds the rebuild after a source edit may take. */
  budget: number;
  services: ServiceVerification[];
  baseImages: BaseImageReport[];
  /** Every verified build passed (skipped ones aside). */
  ok: boolean;
}

const LOG_TAIL_LINES = 12;

export async function verify(options: VerifyOptions = {}): Promise<VerifyResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const paths = options.paths?.length ? options.paths : ['.'];
  const probes = new Set<ProbeName>(options.probes?.length ? options.probes : PROBES);
  const budget = options.budget ?? DEFAULT_BUDGET_SECONDS;
  const projects = await loadProjects({ paths, cwd, ...(options.configFile === undefined ? {} : { configFile: options.configFile }) });
  const targets = orderTargets(selectTargets(projects, { paths, cwd, services: options.services ?? [], env: options.env ?? process.env }));
  const docker = options.docker ?? (await findDockerClient(options.env ?? process.env));
  const scratch = await mkdtemp(path.join(tmpdir(), 'dockerlint-verify-'));
  const run = new VerifyRun(docker, options, probes, budget, scratch);
  const checked: Checked[] = [];
  try {
    for (const [position, target] of targets.entries()) {
      options.signal?.throwIfAborted();
      options.onProgress?.({ kind: 'start', name: target.name, position: position + 1, count: targets.length });
      checked.push(await run.verifyTarget(target));
    }
    if (probes.has('isolation')) await run.isolation(checked);
  } finally {
    await run.cleanUp();
  }
  const services = checked.map((entry) => settle(entry, probes));
  for (const verification of services) options.onProgress?.({ kind: 'done', verification });
  return {
    docker: { client: docker.executable, clientVersion: docker.clientVersion, serverVersion: docker.serverVersion },
    budget,
    services,
    baseImages: run.baseImages(),
    ok: services.every((verification) => verification.status === 'pass' || verification.status === 'skipped'),
  };
}

/**
 * The build's verdict from its probes (only those asked for are kept): any failure fails it, else any
 * probe that could not prove its point makes it an error; skipped probes count for nothing.
 */
function settle({ verification, finished }: Checked, selected: ReadonlySet<ProbeName>): ServiceVerification {
  verification.probes = verification.probes.filter((probe) => selected.has(probe.probe)).sort((a, b) => PROBES.indexOf(a.probe) - PROBES.indexOf(b.probe));
  if (finished) return verification;
  const first = (status: ProbeStatus): ProbeResult | undefined => verification.probes.find((probe) => probe.status === status);
  const decisive = first('fail') ?? first('error') ?? first('pass') ?? first('skipped');
  verification.status = decisive?.status ?? 'skipped';
  verification.reason = decisive === undefined ? 'no probe applies to this build' : `${decisive.probe}: ${decisive.reason}`;
  verification.problems = verification.probes.flatMap((probe) => (probe.status === 'fail' ? probe.problems.map((problem) => `${probe.probe}: ${problem}`) : []));
  return verification;
}

// ─── One run ─────────────────────────────────────────────────────────────────

function sanitizeRepository(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'build' : cleaned;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A build whose probes ran, with what the isolation pass needs from it. */
interface Checked {
  verification: ServiceVerification;
  /** The verdict was reached before the probes (skipped, or an error): the probes have nothing to add. */
  finished: boolean;
  /** `null` when the build before any change failed or never ran. */
  ready: ReadyBuild | null;
  /** The source edit (repo-relative file, new text), when one was made. */
  edit: { file: string; text: string } | null;
}

/** A target whose build before any change succeeded: everything needed to rebuild it from a fresh copy. */
interface ReadyBuild {
  target: VerifyTarget;
  plan: BuildPlan;
  /** Absolute context directory of the user's files. */
  contextAbsolute: string;
  /** Makes a fresh private copy of the context. */
  snapshot: () => Promise<{ dir: string; sent: string[] }>;
  /** A build request for a copy made by `snapshot`. */
  request: (dir: string, phase: VerifyPhase) => BuildRequest;
  /** The image of the build before any change. */
  warmImage: string | null;
}

class VerifyRun {
  readonly #bases = new Map<string, BaseImageReport>();
  /** Local images each base image starts from. */
  readonly #parents = new Map<string, string[]>();
  /** How often this run built each base image. */
  readonly #baseBuilds = new Map<string, number>();
  readonly #tags: string[] = [];
  #copies = 0;

  constructor(
    private readonly docker: DockerClient,
    private readonly options: VerifyOptions,
    private readonly probes: ReadonlySet<ProbeName>,
    private readonly budget: number,
    private readonly scratch: string,
  ) {}

  baseImages(): BaseImageReport[] {
    return [...this.#bases.values()];
  }

  /** Removes the copies and the check's image tags (base images stay). */
  async cleanUp(): Promise<void> {
    await this.docker.removeImages(this.#tags);
    await rm(this.scratch, { recursive: true, force: true });
  }

  async verifyTarget(target: VerifyTarget): Promise<Checked> {
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
      probes: [],
      baseImages: [],
      log: [],
    };
    const finish = (status: VerifyStatus, reason: string, extra: Partial<ServiceVerification> = {}): Checked => {
      Object.assign(verification, { status, reason }, extra);
      return { verification, finished: true, ready: null, edit: null };
    };

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
    const baseIds = new Map<string, string | null>();
    for (const producer of plan.localImages) baseIds.set(producer.image, await this.docker.imageId(producer.image));

    const nonce = randomBytes(8).toString('hex');
    const contextAbsolute = path.resolve(target.linted.root, contextDir);
    const dockerfileInContext = relativeInside(contextDir, dockerfilePath);
    const ignoreInContext = target.dockerignore === null ? null : relativeInside(contextDir, target.dockerignore.source.path);
    const ready: ReadyBuild = {
      target,
      plan,
      contextAbsolute,
      snapshot: async () => {
        const dir = path.join(this.scratch, `copy-${++this.#copies}`, 'context');
        await mkdir(dir, { recursive: true });
        const { sent } = await snapshotContext(contextAbsolute, dir, target.dockerignore, [dockerfileInContext, ignoreInContext].filter((file) => file !== null));
        return { dir, sent };
      },
      request: (dir, phase) => {
        const tag = `dockerlint-verify/${sanitizeRepository(target.name)}:${nonce}-${phase}-${this.#copies}`;
        this.#tags.push(tag);
        return {
          context: dir,
          dockerfile: dockerfileInContext === null ? path.resolve(target.linted.root, dockerfilePath) : path.join(dir, dockerfileInContext),
          target: target.targetName,
          buildArgs: target.buildArgs,
          tag,
          network: this.options.network ?? null,
        };
      },
      warmImage: null,
    };

    const original = await ready.snapshot();
    const candidates = rankEditCandidates(plan, original.sent, project.settings.manifests, dockerfileInContext);
    if (this.options.edit !== undefined) {
      const asked = path.relative(contextAbsolute, path.resolve(this.options.cwd ?? process.cwd(), this.options.edit)).split(path.sep).join('/');
      const refusal = editRefusal(asked, original.sent, candidates, project.settings.manifests);
      if (refusal !== null) return finish('error', `cannot edit ${this.options.edit}: ${refusal}`);
      candidates.splice(0, candidates.length, ...candidates.filter((candidate) => candidate.file === asked));
    }
    const chosen = await this.#chooseEdit(candidates, original.dir, nonce);
    if (chosen === null && this.options.edit !== undefined) return finish('error', `cannot edit ${this.options.edit}: it is not a text file that can be edited harmlessly`);

    const warmRequest = ready.request(original.dir, 'warm');
    const warm = await this.#build(target.name, 'warm', warmRequest);
    verification.builds.warm = summary(warm);
    if (warm.exitCode !== 0) {
      return finish('error', `the build before the edit failed: ${buildFailure(warm.log)}`, { log: logTail(warm.log, LOG_TAIL_LINES), hints: hintsFor(warm.log, dockerfile) });
    }
    ready.warmImage = await this.docker.imageId(warmRequest.tag);

    let edit: Checked['edit'] = null;
    if (this.#wants('source-edit', 'budget', 'isolation')) {
      if (chosen === null) {
        const why =
          candidates.length === 0
            ? 'no application source file of the context is copied into the build (manifests and build files aside): nothing to edit'
            : `none of the ${candidates.length} application files copied into the build is a text file that can be edited harmlessly`;
        verification.probes.push(skippedProbe('source-edit', why), skippedProbe('budget', why));
      } else {
        await writeFile(path.join(original.dir, chosen.candidate.file), chosen.text);
        verification.edit = {
          file: path.posix.join(contextDir, chosen.candidate.file),
          contextFile: chosen.candidate.file,
          description: chosen.description,
          copiedBy: chosen.candidate.readBy.map(stepLine),
        };
        edit = { file: verification.edit.file, text: chosen.text };
        const edited = await this.#build(target.name, 'edited', ready.request(original.dir, 'edited'));
        verification.builds.edited = summary(edited);
        if (edited.exitCode !== 0) {
          return finish('error', `the rebuild after editing ${chosen.candidate.file} failed: ${buildFailure(edited.log)}`, {
            log: logTail(edited.log, LOG_TAIL_LINES),
            hints: hintsFor(edited.log, dockerfile),
          });
        }
        const editedSteps = parseProgress(edited.log);
        const judgement = judge(plan, parseProgress(warm.log), editedSteps, chosen.candidate.file);
        verification.steps = judgement.steps.map((judged) => ({
          step: stepLabel(judged.planned),
          line: judged.planned.line,
          instruction: judged.planned.text,
          role: roleOf(judged.planned, judged.readsEditedFile),
          warm: judged.warm,
          edited: judged.edited,
          seconds: judged.editedSeconds,
        }));
        const editBuild = probeBuild(`edited ${chosen.candidate.file}`, edited, rebuiltSteps(plan, editedSteps));
        verification.probes.push({ probe: 'source-edit', status: judgement.verdict, reason: judgement.reason, problems: judgement.problems, builds: [editBuild] });
        verification.probes.push(this.#budgetProbe(editBuild));
      }
    }
    if (this.#wants('manifest-edit')) verification.probes.push(await this.#manifestEdit(ready, original.sent, nonce));
    if (this.#wants('unrelated-edit')) verification.probes.push(await this.#unrelatedEdit(ready));
    if (this.#wants('base-reuse')) verification.probes.push(await this.#baseReuse(plan, baseIds));
    return { verification, finished: false, ready, edit };
  }

  #wants(...probes: ProbeName[]): boolean {
    return probes.some((probe) => this.probes.has(probe));
  }

  #budgetProbe(editBuild: ProbeBuild): ProbeResult {
    const within = editBuild.seconds <= this.budget;
    const reason = `the rebuild after the source edit took ${formatSeconds(editBuild.seconds)}, ${within ? 'within' : 'over'} the budget of ${formatSeconds(this.budget)}`;
    return { probe: 'budget', status: within ? 'pass' : 'fail', reason, problems: within ? [] : [reason], builds: [editBuild] };
  }

  /** Rebuilds a fresh copy after `change` made it; a failed build ends the probe with an error. */
  async #rebuild(
    ready: ReadyBuild,
    phase: VerifyPhase,
    describe: string,
    change: (dir: string, sent: readonly string[]) => Promise<void>,
  ): Promise<{ build: ProbeBuild; rebuilt: PlannedStep[]; image: string | null } | { error: string }> {
    const copy = await ready.snapshot();
    await change(copy.dir, copy.sent);
    const request = ready.request(copy.dir, phase);
    const run = await this.#build(ready.target.name, phase, request);
    if (run.exitCode !== 0) return { error: `the rebuild after ${describe} failed: ${buildFailure(run.log)}` };
    const progress = parseProgress(run.log);
    const rebuilt = rebuiltSteps(ready.plan, progress);
    return { build: probeBuild(describe, run, rebuilt), rebuilt, image: await this.docker.imageId(request.tag) };
  }

  async #manifestEdit(ready: ReadyBuild, sent: readonly string[], nonce: string): Promise<ProbeResult> {
    const { settings } = ready.target.linted.project;
    const manifests = manifestsToEdit(ready.plan, sent, (file) => isManifest(file, settings.manifests));
    if (manifests.length === 0) return skippedProbe('manifest-edit', 'no dependency manifest of the context is copied into the build');
    const builds: ProbeBuild[] = [];
    const problems: string[] = [];
    for (const manifest of manifests) {
      let description = '';
      const result = await this.#rebuild(ready, 'manifest', `editing ${manifest}`, async (dir) => {
        const file = path.join(dir, manifest);
        const edit = neutralManifestEdit(manifest, await readFile(file, 'utf8'), nonce);
        description = edit.description;
        await writeFile(file, edit.text);
      });
      if ('error' in result) return { probe: 'manifest-edit', status: 'error', reason: result.error, problems: [], builds };
      result.build.change = `${manifest}: ${description}`;
      builds.push(result.build);
      if (!result.rebuilt.some((planned) => planned.installs.length > 0)) problems.push(staleInstallProblem(ready.plan, manifest));
    }
    if (problems.length > 0) return { probe: 'manifest-edit', status: 'fail', reason: problems[0] ?? '', problems, builds };
    return { probe: 'manifest-edit', status: 'pass', reason: `a neutral edit of ${listing(manifests)} re-ran the install each time`, problems: [], builds };
  }

  async #unrelatedEdit(ready: ReadyBuild): Promise<ProbeResult> {
    const { target, plan, contextAbsolute } = ready;
    const { settings } = target.linted.project;
    const ignore = target.dockerignore;
    let created: string[] = [];
    const result = await this.#rebuild(ready, 'unrelated', 'unrelated changes', async (dir, sent) => {
      const entries = settings.mandatoryIgnores ?? mandatoryIgnoresFor(sent);
      const samples = entries.map(sampleFile).filter((file) => file !== null);
      const dirs = sampleDirectories(plan, (relative) => existsSync(path.join(contextAbsolute, relative)) && lstatSync(path.join(contextAbsolute, relative)).isDirectory());
      created = [...new Set(dirs.flatMap((base) => samples.map((sample) => (base === '' ? sample : `${base}/${sample}`))))];
      for (const file of created) {
        const absolute = path.join(dir, file);
        await mkdir(path.dirname(absolute), { recursive: true });
        await appendFile(absolute, `dockerlint verify: unrelated change ${randomBytes(4).toString('hex')}\n`);
      }
      // A file next to the context, outside it (a README, say) must not matter either.
      await writeFile(path.join(path.dirname(dir), 'README.md'), `dockerlint verify: outside the context ${randomBytes(4).toString('hex')}\n`);
    });
    if ('error' in result) return { probe: 'unrelated-edit', status: 'error', reason: result.error, problems: [], builds: [] };
    result.build.change = `created or changed ${listing(created.slice(0, 6))}${created.length > 6 ? ` and ${created.length - 6} more` : ''}, and a README.md outside the context`;
    const problems = unrelatedEditProblems(result.rebuilt, created, (file) => ignore?.matcher.ignores(file) ?? false);
    if (problems.length > 0) return { probe: 'unrelated-edit', status: 'fail', reason: problems[0] ?? '', problems, builds: [result.build] };
    return {
      probe: 'unrelated-edit',
      status: 'pass',
      reason: `${created.length} files the ignore file must exclude, and one outside the context, changed: every step stayed CACHED`,
      problems: [],
      builds: [result.build],
    };
  }

  async #baseReuse(plan: BuildPlan, idsBefore: ReadonlyMap<string, string | null>): Promise<ProbeResult> {
    if (plan.localImages.length === 0) return skippedProbe('base-reuse', 'the build starts from no local base image');
    const problems: string[] = [];
    const seen: string[] = [];
    for (const { image } of plan.localImages) {
      const builds = this.#baseBuilds.get(image) ?? 0;
      if (builds > 1) problems.push(`${image} was built ${builds} times in this run`);
      const now = await this.docker.imageId(image);
      if (now !== idsBefore.get(image)) problems.push(`${image} changed while this build ran (something rebuilt it), so the build did not reuse one base`);
      seen.push(`${image} (${builds === 1 ? 'built once in this run' : 'already built'})`);
    }
    if (problems.length > 0) return { probe: 'base-reuse', status: 'fail', reason: problems[0] ?? '', problems, builds: [] };
    return { probe: 'base-reuse', status: 'pass', reason: `reused ${listing(seen)}: the same image through every build`, problems: [], builds: [] };
  }

  /**
   * After each build's source edit, every other verified build must stay fully cached, whatever the
   * edit reaches of its context (services that share a context or a Dockerfile fail here).
   */
  async isolation(checked: readonly Checked[]): Promise<void> {
    for (const { verification, edit, finished } of checked) {
      if (finished) continue;
      if (edit === null) {
        verification.probes.push(skippedProbe('isolation', 'no source edit was made'));
        continue;
      }
      const others = checked.filter((other) => other.verification !== verification && other.ready !== null);
      if (others.length === 0) {
        verification.probes.push(skippedProbe('isolation', 'no other build is verified in this run'));
        continue;
      }
      const builds: ProbeBuild[] = [];
      const problems: string[] = [];
      let error: string | null = null;
      for (const other of others) {
        const ready = other.ready;
        if (ready === null) continue;
        const relative = path.relative(ready.contextAbsolute, path.join(verification.root, edit.file)).split(path.sep).join('/');
        const describe = `${verification.name}'s edit of ${edit.file}`;
        const copied = { reached: false };
        const result = await this.#rebuild(ready, 'isolation', describe, async (dir, sent) => {
          copied.reached = sent.includes(relative);
          if (copied.reached) await writeFile(path.join(dir, relative), edit.text);
        });
        if ('error' in result) {
          error ??= `rebuilding ${other.verification.name}: ${result.error}`;
          continue;
        }
        result.build.change = `${other.verification.name} after ${describe}`;
        builds.push(result.build);
        // A step may come from the cache of the edited build itself (same Dockerfile, same context): the
        // image, not only the log, must be the one built before any change.
        const [first] = result.rebuilt;
        const reader = copied.reached ? ready.plan.steps.find((planned) => planned.contextReads.some((read) => readsFile(read, relative))) : undefined;
        if (first !== undefined) problems.push(`${other.verification.name} ran ${describeStep(first)} again after ${describe}: ${sharing(verification, other.verification)}`);
        else if (result.image !== ready.warmImage) {
          const how = reader === undefined ? 'its image changed' : `its image changed: ${describeStep(reader)} copies the edited file`;
          problems.push(`${other.verification.name} was rebuilt after ${describe} (${how}): ${sharing(verification, other.verification)}`);
        }
      }
      if (problems.length > 0) verification.probes.push({ probe: 'isolation', status: 'fail', reason: problems[0] ?? '', problems, builds });
      else if (error !== null) verification.probes.push({ probe: 'isolation', status: 'error', reason: error, problems: [], builds });
      else verification.probes.push({ probe: 'isolation', status: 'pass', reason: `${listing(builds.map((build) => build.change.split(' after ')[0] ?? ''))} stayed fully CACHED after this edit`, problems: [], builds });
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
    this.#baseBuilds.set(producer.image, (this.#baseBuilds.get(producer.image) ?? 0) + 1);
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

function skippedProbe(probe: ProbeName, reason: string): ProbeResult {
  return { probe, status: 'skipped', reason, problems: [], builds: [] };
}

/** A probe's build for the report: its time and the steps that ran again. */
function probeBuild(change: string, run: BuildRun, rebuilt: readonly PlannedStep[]): ProbeBuild {
  return { change, seconds: roundSeconds(run.seconds), rebuilt: rebuilt.map(stepLine) };
}

/** What two builds have in common that lets one's edit reach the other. */
function sharing(edited: ServiceVerification, other: ServiceVerification): string {
  if (edited.context !== null && edited.context === other.context) {
    return `${edited.name} and ${other.name} share the build context ${edited.context === '' ? '.' : edited.context}; give each service a context of its own`;
  }
  if (edited.dockerfile !== null && edited.dockerfile === other.dockerfile) {
    return `${edited.name} and ${other.name} share the Dockerfile ${edited.dockerfile}; give each service its own`;
  }
  return `${other.name}'s build context ${other.context ?? '?'} holds ${edited.name}'s files; give each service a context of its own`;
}
