/**
 * The one Docker client of dockerlint, shared by `verify` and `doctor`: which `docker` executable to
 * run (DOCKERLINT_DOCKER, else PATH, else the usual install places), its and the daemon's versions read
 * once from `docker version --format '{{json .}}'`, whether it builds with BuildKit, and running it.
 * Every call has a timeout, so a daemon that hangs ends in a message, never in a hang.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Questions to the client (`version`, `image inspect`, …). */
export const COMMAND_TIMEOUT_MS = 15_000;
/** One `docker build`: generous, but a build that hangs still ends. */
export const BUILD_TIMEOUT_MS = 60 * 60_000;

/** A command that was run, or why it could not be. */
export interface CommandOutput {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run to the end: not installed, timed out. `null` when it ran. */
  error: string | null;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  /** Each chunk of stdout and stderr, in the order the program wrote them. */
  onOutput?: ((chunk: string) => void) | undefined;
}

/**
 * Runs a program without a shell. Never rejects for the program's sake: a missing program, a timeout
 * or a crash becomes `error`. Rejects only when `signal` aborts it.
 */
export function runCommand(program: string, args: readonly string[], options: RunOptions = {}): Promise<CommandOutput> {
  const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    let timedOut = false;
    let child;
    try {
      child = spawn(program, [...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      resolve({ exitCode: null, stdout: '', stderr: '', error: `${program}: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const collect = (into: string[]) => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      into.push(text);
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.name === 'AbortError') reject(error);
      else resolve({ exitCode: null, stdout: stdout.join(''), stderr: stderr.join(''), error: error.code === 'ENOENT' ? `${program}: command not found` : `${program}: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = { stdout: stdout.join(''), stderr: stderr.join('') };
      if (timedOut) resolve({ exitCode: null, ...output, error: `${program} ${args.join(' ')}: no answer within ${String(timeoutMs / 1000)} s` });
      else resolve({ exitCode: code ?? (signal === null ? 1 : 128), ...output, error: null });
    });
  });
}

// ─── Versions ────────────────────────────────────────────────────────────────

export type Version = readonly [number, number, number];

/** `20.10.24+dfsg1` → [20, 10, 24]; `v2.29.1-desktop.1` → [2, 29, 1]; `null` when there is no version. */
export function parseVersion(text: string): Version | null {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (match === null) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function atLeast(version: Version, minimum: Version): boolean {
  const [givenMajor, givenMinor, givenPatch] = version;
  const [minMajor, minMinor, minPatch] = minimum;
  if (givenMajor !== minMajor) return givenMajor > minMajor;
  if (givenMinor !== minMinor) return givenMinor > minMinor;
  return givenPatch >= minPatch;
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
}

/** Why a command gave no answer: its error, its first line on stderr, or its exit code. */
export function failure(output: CommandOutput): string {
  return output.error ?? (firstLine(output.stderr) || firstLine(output.stdout) || `exit code ${String(output.exitCode)}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object a `--format '{{json .}}'` command printed, or `null`. */
export function jsonOutput(output: CommandOutput): Record<string, unknown> | null {
  const text = output.stdout.trim();
  if (text === '') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export interface DockerVersions {
  client: string | null;
  server: string | null;
  /** The daemon's OS (`linux`, `windows`), when it answered. */
  serverOs: string | null;
  /** Why the daemon did not answer, or `null`. */
  serverProblem: string | null;
}

/** The arguments whose output `dockerVersions` reads. */
export const VERSION_ARGS = ['version', '--format', '{{json .}}'] as const;

/** Reads `docker version --format '{{json .}}'` (it prints the client part even when the daemon is down). */
export function dockerVersions(output: CommandOutput): DockerVersions {
  const json = jsonOutput(output);
  const part = (name: string, key: string): string | null => {
    const section = json?.[name];
    return isRecord(section) && typeof section[key] === 'string' ? section[key] : null;
  };
  const server = part('Server', 'Version');
  return { client: part('Client', 'Version'), server, serverOs: part('Server', 'Os'), serverProblem: server === null ? failure(output) : null };
}

/** From client 23 on, `docker build` with BuildKit is the buildx plugin; older clients have BuildKit built in. */
export const BUILDX_CLIENT_MAJOR = 23;

// ─── Finding a client that builds with BuildKit ──────────────────────────────

/**
 * Client executables to try, in order: `DOCKERLINT_DOCKER` alone when set; else every `docker` on PATH,
 * then the usual install locations (a newer client without buildx may shadow a working one).
 */
export function candidateClients(env: NodeJS.ProcessEnv): string[] {
  const forced = env.DOCKERLINT_DOCKER;
  if (forced !== undefined && forced !== '') return [forced];
  const seen = new Map<string, string>();
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const candidate of [...dirs.map((dir) => path.join(dir, 'docker')), '/usr/bin/docker', '/usr/local/bin/docker']) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (!seen.has(real)) seen.set(real, candidate);
  }
  return [...seen.values()];
}

/** The client a user's `docker` command runs: `DOCKERLINT_DOCKER`, else the first on PATH. */
export function defaultClient(env: NodeJS.ProcessEnv): string {
  return candidateClients(env)[0] ?? 'docker';
}

export interface BuildRequest {
  /** Absolute build context directory. */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
  target: string | null;
  /** `--build-arg`s; `null` passes the name alone, so the client takes the value from its environment. */
  buildArgs: ReadonlyMap<string, string | null>;
  tag: string;
  /** `--network` for RUN steps; `null` leaves Docker's default. */
  network: string | null;
}

export interface BuildRun {
  exitCode: number;
  /** stdout and stderr as the client wrote them (plain progress goes to stderr). */
  log: string;
  seconds: number;
  /** The command line, for reports. */
  command: string[];
}

export interface DockerClient {
  /** The client executable. */
  readonly executable: string;
  readonly clientVersion: string;
  /** The daemon's version, e.g. `20.10.24+dfsg1`. */
  readonly serverVersion: string;
  build(request: BuildRequest, options?: { signal?: AbortSignal; onOutput?: (chunk: string) => void }): Promise<BuildRun>;
  /** The image's id, or `null` when there is no such image. */
  imageId(reference: string): Promise<string | null>;
  /** Removes (untags) images by reference; failures are ignored. */
  removeImages(references: readonly string[]): Promise<void>;
}

/** Docker or BuildKit cannot be used: what is missing and how to fix it. */
export class DockerUnavailableError extends Error {
  override name = 'DockerUnavailableError';
  constructor(readonly problems: readonly { client: string | null; problem: string; fix: string }[]) {
    super(problems.map((entry) => `${entry.client === null ? '' : `${entry.client}: `}${entry.problem}`).join('; '));
  }
}

const DAEMON_FIX = 'start the Docker daemon (`sudo systemctl start docker`, or `sudo dockerd &`), or point DOCKER_HOST at a running one';

/** Why a client cannot build with BuildKit, or its versions when it can. */
async function probe(client: string, env: NodeJS.ProcessEnv): Promise<{ clientVersion: string; serverVersion: string } | { problem: string; fix: string }> {
  const output = await runCommand(client, VERSION_ARGS, { env });
  const versions = dockerVersions(output);
  if (versions.client === null && output.error !== null) {
    return { problem: `cannot be run (${output.error})`, fix: 'install Docker Engine, or set DOCKERLINT_DOCKER to a working client' };
  }
  if (versions.server === null) {
    const why = versions.serverProblem ?? '';
    if (/permission denied/i.test(why)) {
      return { problem: why, fix: 'add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run as root' };
    }
    return { problem: why, fix: DAEMON_FIX };
  }
  if (versions.serverOs !== 'linux') {
    return { problem: `the daemon runs ${versions.serverOs ?? 'unknown'} containers`, fix: 'BuildKit needs a Linux daemon: switch Docker to Linux containers' };
  }
  const serverVersion = parseVersion(versions.server);
  if (serverVersion === null || !atLeast(serverVersion, [18, 9, 0])) {
    return { problem: `Docker Engine ${versions.server} has no BuildKit`, fix: 'upgrade Docker Engine to 18.09 or newer (23 or newer recommended)' };
  }
  const clientVersion = versions.client ?? '';
  if ((parseVersion(clientVersion)?.[0] ?? BUILDX_CLIENT_MAJOR) >= BUILDX_CLIENT_MAJOR) {
    const buildx = await runCommand(client, ['buildx', 'version'], { env });
    if (buildx.exitCode !== 0) {
      return {
        problem: `client ${clientVersion} has no buildx plugin, which \`docker build\` needs for BuildKit since Docker 23`,
        fix: 'install the buildx plugin (docker-buildx-plugin, or docker-buildx on Debian and Ubuntu), or set DOCKERLINT_DOCKER to a client older than 23',
      };
    }
  }
  return { clientVersion, serverVersion: versions.server };
}

/**
 * The first client that can run BuildKit builds; throws `DockerUnavailableError` listing what each
 * candidate lacks.
 */
export async function findDockerClient(env: NodeJS.ProcessEnv = process.env): Promise<DockerClient> {
  const candidates = candidateClients(env);
  if (candidates.length === 0) {
    throw new DockerUnavailableError([
      { client: null, problem: 'no `docker` client found on PATH', fix: 'install Docker Engine (or Docker Desktop), or set DOCKERLINT_DOCKER to the client' },
    ]);
  }
  const problems: { client: string; problem: string; fix: string }[] = [];
  for (const client of candidates) {
    const result = await probe(client, env);
    if ('problem' in result) problems.push({ client, ...result });
    else return cliClient(client, result.clientVersion, result.serverVersion, env);
  }
  throw new DockerUnavailableError(problems);
}

function cliClient(executable: string, clientVersion: string, serverVersion: string, env: NodeJS.ProcessEnv): DockerClient {
  const buildEnv = { ...env, DOCKER_BUILDKIT: '1' };
  return {
    executable,
    clientVersion,
    serverVersion,
    async build(request, options = {}) {
      const args = ['build', '--progress=plain', '--file', request.dockerfile, '--tag', request.tag];
      if (request.network !== null) args.push(`--network=${request.network}`);
      if (request.target !== null) args.push('--target', request.target);
      for (const [name, value] of request.buildArgs) args.push('--build-arg', value === null ? name : `${name}=${value}`);
      args.push(request.context);
      const log: string[] = [];
      const started = performance.now();
      const result = await runCommand(executable, args, {
        env: buildEnv,
        timeoutMs: BUILD_TIMEOUT_MS,
        signal: options.signal,
        onOutput: (chunk) => {
          log.push(chunk);
          options.onOutput?.(chunk);
        },
      });
      if (result.error !== null) log.push(`\nerror: ${result.error}\n`);
      return { exitCode: result.exitCode ?? 1, log: log.join(''), seconds: (performance.now() - started) / 1000, command: [executable, ...args] };
    },
    async imageId(reference) {
      const result = await runCommand(executable, ['image', 'inspect', '--format', '{{.Id}}', reference], { env });
      return result.exitCode === 0 ? result.stdout.trim() : null;
    },
    async removeImages(references) {
      if (references.length > 0) await runCommand(executable, ['image', 'rm', ...references], { env });
    },
  };
}
