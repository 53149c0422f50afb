/**
 * A harness for tests that need a real Docker engine with BuildKit: finding a usable client, running
 * builds with `--progress=plain` and reading their steps, and a stand-in base image made locally (no
 * registry is reachable where these tests run).
 *
 * Environment:
 * - `DOCKER_HOST` is passed through to the client, so pointing it at a socket that does not exist makes
 *   every Docker test skip with the client's own error as the reason.
 * - `DOCKERLINT_TEST_DOCKER=skip` skips the Docker tests; `DOCKERLINT_TEST_DOCKER=<path>` forces a client.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type DockerAvailability =
  | { ok: true; client: string; /** The daemon's version, e.g. `20.10.24+dfsg1`. */ server: string }
  | { ok: false; reason: string };

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; never rejects for a non-zero exit, only when it cannot start. */
export function runCommand(
  program: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolvePromise({
        exitCode: code ?? (signal === null ? 1 : 128),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

// ─── Finding a client ────────────────────────────────────────────────────────

/** The Debian client (20.10) builds with its built-in BuildKit; a newer `docker` on PATH may lack buildx. */
const PREFERRED_CLIENT = '/usr/bin/docker';

function candidateClients(): string[] {
  const forced = process.env.DOCKERLINT_TEST_DOCKER;
  if (forced !== undefined && forced !== '') return [forced];
  const candidates = new Map<string, string>();
  const pathDirs = (process.env.PATH ?? '').split(':').filter((dir) => dir !== '');
  for (const candidate of [PREFERRED_CLIENT, ...pathDirs.map((dir) => join(dir, 'docker'))]) {
    if (!existsSync(candidate)) continue;
    // `/bin` is often a link to `/usr/bin`: try each real binary once.
    const real = realpathSync(candidate);
    if (!candidates.has(real)) candidates.set(real, candidate);
  }
  return [...candidates.values()];
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

/** The daemon's version when this client can run BuildKit builds against it, else why not. */
async function probeClient(client: string): Promise<{ server: string } | { problem: string }> {
  let version: CommandResult;
  try {
    version = await runCommand(client, ['version', '--format', '{{.Server.Os}} {{.Server.Version}}|{{.Client.Version}}']);
  } catch (error) {
    return { problem: `${client} cannot be run: ${error instanceof Error ? error.message : String(error)}` };
  }
  const [server = '', clientVersion = ''] = version.stdout.trim().split('|');
  if (version.exitCode !== 0 || !server.startsWith('linux ')) {
    const why = firstLine(version.stderr) || firstLine(version.stdout) || `exit code ${version.exitCode}`;
    return { problem: `${client}: ${why}` };
  }
  // Since client 23, `DOCKER_BUILDKIT=1 docker build` needs the buildx plugin; older clients embed BuildKit support.
  if (!(Number.parseInt(clientVersion, 10) < 23)) {
    const buildx = await runCommand(client, ['buildx', 'version']);
    if (buildx.exitCode !== 0) return { problem: `${client} (client ${clientVersion}) has no buildx plugin` };
  }
  return { server: server.slice('linux '.length) };
}

let availability: Promise<DockerAvailability> | undefined;

/** Finds a Docker client that can build with BuildKit against a running Linux daemon. Memoised. */
export function dockerAvailable(): Promise<DockerAvailability> {
  availability ??= (async (): Promise<DockerAvailability> => {
    if (process.env.DOCKERLINT_TEST_DOCKER === 'skip') {
      return { ok: false, reason: 'DOCKERLINT_TEST_DOCKER=skip' };
    }
    const candidates = candidateClients();
    if (candidates.length === 0) return { ok: false, reason: 'no docker client found' };
    const problems: string[] = [];
    for (const client of candidates) {
      const probe = await probeClient(client);
      if ('server' in probe) return { ok: true, client, server: probe.server };
      problems.push(probe.problem);
    }
    return { ok: false, reason: problems.join('; ') };
  })();
  return availability;
}

async function requireClient(): Promise<string> {
  const docker = await dockerAvailable();
  if (!docker.ok) throw new Error(`Docker is not available: ${docker.reason}`);
  return docker.client;
}

/** A describe-block title that carries the skip reason, so vitest's output shows why it skipped. */
export function dockerSuiteTitle(title: string, docker: DockerAvailability): string {
  if (docker.ok) return title;
  console.warn(`[docker tests skipped] ${title}: ${docker.reason}`);
  return `${title} [skipped: ${docker.reason}]`;
}

// ─── Files and concurrency ───────────────────────────────────────────────────

/** A fresh directory under the OS temp dir; remove it with `removeTempDir`. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `dockerlint-${prefix}-`));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes files (relative path → content) below `root`, creating directories. */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/** Every regular file below `root`, as sorted `/`-separated relative paths. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ─── Builds ──────────────────────────────────────────────────────────────────

export interface BuildOptions {
  /** Build context directory. */
  context: string;
  /** Dockerfile path, absolute or relative to the context. */
  dockerfile: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  target?: string;
  /** `--output` value, e.g. `type=local,dest=/some/dir`. */
  output?: string;
  noCache?: boolean;
}

/** One build step of a stage: `#N [stage k/n] INSTRUCTION`. */
export interface BuildStep {
  /** The `#N` vertex number. */
  vertex: number;
  /** The stage name as BuildKit prints it (`build`, `stage-1`), or `null` for a single unnamed stage. */
  stage: string | null;
  index: number;
  total: number;
  /** The instruction as BuildKit prints it, e.g. `COPY . /ctx`. */
  instruction: string;
  /** Printed `#N CACHED`. (BuildKit 20.10 prints FROM of a local image as CACHED or DONE at random.) */
  cached: boolean;
}

export interface BuildResult {
  exitCode: number;
  /** stdout and stderr, as the client wrote them (plain progress goes to stderr). */
  log: string;
  steps: BuildStep[];
}

const STEP_HEADER = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;
const STEP_CACHED = /^#(\d+) CACHED$/;

/**
 * The stage steps of a `--progress=plain` log, in order of first appearance. BuildKit prints steps
 * that run in parallel or come from cache in no fixed order: look them up by stage and index.
 */
export function parseBuildSteps(log: string): BuildStep[] {
  const steps = new Map<number, BuildStep>();
  const cached = new Set<number>();
  for (const rawLine of log.split('\n')) {
    const line = rawLine.trimEnd();
    const header = STEP_HEADER.exec(line);
    if (header) {
      const [, vertex, stage, index, total, instruction] = header;
      const id = Number(vertex);
      // Plain progress repeats a step's header when its output interleaves with another step's.
      if (!steps.has(id)) {
        steps.set(id, {
          vertex: id,
          stage: stage ?? null,
          index: Number(index),
          total: Number(total),
          instruction: instruction ?? '',
          cached: false,
        });
      }
      continue;
    }
    const cachedLine = STEP_CACHED.exec(line);
    if (cachedLine) cached.add(Number(cachedLine[1]));
  }
  return [...steps.values()].map((step) => ({ ...step, cached: cached.has(step.vertex) }));
}

const SYNTAX_DIRECTIVE = /^#\s*syntax\s*=/i;

/**
 * The Dockerfile to hand to the client: the original, or a copy without its `# syntax=` directive
 * (which would pull a frontend image) placed in a temp dir with its `<name>.dockerignore`.
 */
async function dockerfileWithoutSyntaxDirective(
  dockerfilePath: string,
  scratchDir: string,
): Promise<string> {
  const text = await readFile(dockerfilePath, 'utf8');
  const lines = text.split('\n');
  // Parser directives may only appear at the top, before any other line.
  let directiveEnd = 0;
  while (directiveEnd < lines.length && /^#\s*\w+\s*=/.test(lines[directiveEnd] ?? '')) directiveEnd++;
  const kept = lines.filter((line, index) => !(index < directiveEnd && SYNTAX_DIRECTIVE.test(line)));
  if (kept.length === lines.length) return dockerfilePath;
  const copy = join(scratchDir, basename(dockerfilePath));
  await writeFile(copy, kept.join('\n'));
  const ignoreFile = `${dockerfilePath}.dockerignore`;
  if (existsSync(ignoreFile)) await copyFile(ignoreFile, `${copy}.dockerignore`);
  return copy;
}

/**
 * `DOCKER_BUILDKIT=1 <client> build --network=host --progress=plain …`. Give each variant of a
 * Dockerfile its own directory: BuildKit 20.10 syncs the Dockerfile's directory incrementally and was
 * seen to keep a same-named, same-size `<Dockerfile>.dockerignore` from an earlier build. (Context
 * files rewritten in place are picked up.)
 */
export async function buildImage(options: BuildOptions): Promise<BuildResult> {
  const client = await requireClient();
  const context = resolve(options.context);
  const dockerfilePath = isAbsolute(options.dockerfile)
    ? options.dockerfile
    : join(context, options.dockerfile);
  const scratchDir = await makeTempDir('dockerfile');
  try {
    const dockerfile = await dockerfileWithoutSyntaxDirective(dockerfilePath, scratchDir);
    const args = ['build', '--network=host', '--progress=plain', '-f', dockerfile];
    if (options.tag !== undefined) args.push('--tag', options.tag);
    for (const [name, value] of Object.entries(options.buildArgs ?? {})) {
      args.push('--build-arg', `${name}=${value}`);
    }
    if (options.target !== undefined) args.push('--target', options.target);
    if (options.output !== undefined) args.push('--output', options.output);
    if (options.noCache === true) args.push('--no-cache');
    args.push(context);
    const result = await runCommand(client, args, { env: { ...process.env, DOCKER_BUILDKIT: '1' } });
    const log = result.stdout + result.stderr;
    return { exitCode: result.exitCode, log, steps: parseBuildSteps(log) };
  } finally {
    await removeTempDir(scratchDir);
  }
}

/** Removes images these tests tagged (never anything else). */
export async function removeImages(tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  const client = await requireClient();
  await runCommand(client, ['image', 'rm', '--force', ...tags]);
}

async function imageExists(client: string, tag: string): Promise<boolean> {
  const result = await runCommand(client, ['image', 'inspect', '--format', '{{.Id}}', tag]);
  return result.exitCode === 0;
}

// ─── Stand-in base image ─────────────────────────────────────────────────────

/** Bump the tag when the recipe below changes, so stale images are not reused. */
export const BUSYBOX_IMAGE = 'dockerlint-test/busybox:1';
const LOCK_STALE_MS = 120_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Holds a machine-wide lock (an atomically created directory) while `work` runs, so test files in
 * parallel workers do not import the same image twice. A lock left by a dead process is taken over.
 */
export async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const lockDir = join(tmpdir(), `${name}.lock`);
  const ownerFile = join(lockDir, 'pid');
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(ownerFile, String(process.pid));
      break;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      const owner = Number.parseInt(await readFile(ownerFile, 'utf8').catch(() => ''), 10);
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      const abandoned = Number.isNaN(owner) ? age > 10_000 : !processAlive(owner);
      if (abandoned || Date.now() > deadline) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** The `busybox` on PATH; Debian's `busybox-static` package puts a statically linked one there. */
function findBusybox(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = join(dir, 'busybox');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * A minimal image with Debian's static busybox and a symlink per applet (`sh`, `find`, `sort`, …),
 * imported from a rootfs tarball. Reused when the tag exists.
 */
export async function ensureBusyboxImage(): Promise<string> {
  const client = await requireClient();
  if (await imageExists(client, BUSYBOX_IMAGE)) return BUSYBOX_IMAGE;
  return withLock('dockerlint-test-busybox-image', async () => {
    if (await imageExists(client, BUSYBOX_IMAGE)) return BUSYBOX_IMAGE;
    const busybox = findBusybox();
    if (busybox === null) throw new Error('no busybox on PATH (apt-get install busybox-static)');
    const workDir = await makeTempDir('busybox');
    try {
      const rootfs = join(workDir, 'rootfs');
      for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'tmp', 'root', 'proc', 'sys', 'dev']) {
        await mkdir(join(rootfs, dir), { recursive: true });
      }
      await copyFile(busybox, join(rootfs, 'bin/busybox'));
      const applets = await runCommand(busybox, ['--list-full']);
      if (applets.exitCode !== 0) throw new Error(`busybox --list-full failed: ${applets.stderr}`);
      for (const applet of applets.stdout.split('\n').map((line) => line.trim())) {
        if (applet === '' || applet === 'bin/busybox') continue;
        const target = join(rootfs, applet);
        await mkdir(dirname(target), { recursive: true });
        await symlink('/bin/busybox', target);
      }
      await writeFile(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
      await writeFile(join(rootfs, 'etc/group'), 'root:x:0:\n');
      const tarball = join(workDir, 'rootfs.tar');
      const tar = await runCommand('tar', [
        '--create', '--file', tarball, '--directory', rootfs, '--owner=0', '--group=0', '--numeric-owner', '.',
      ]);
      if (tar.exitCode !== 0) throw new Error(`tar failed: ${tar.stderr}`);
      const imported = await runCommand(client, [
        'import',
        '--change', 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin',
        '--change', 'CMD ["sh"]',
        tarball,
        BUSYBOX_IMAGE,
      ]);
      if (imported.exitCode !== 0) throw new Error(`docker import failed: ${imported.stderr}`);
      return BUSYBOX_IMAGE;
    } finally {
      await removeTempDir(workDir);
    }
  });
}
