/**
 * The Docker edge of `verify`: finding a client that can build with BuildKit against a running Linux
 * daemon, running `docker build --progress=plain`, and looking up and removing images. (`dockerlint
 * doctor` probes the machine on its own, in doctor/probe.ts.)
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

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
  imageExists(reference: string): Promise<boolean>;
  /** Removes (untags) images by reference; failures are ignored. */
  removeImages(references: readonly string[]): Promise<void>;
}

/** Docker or BuildKit cannot be used: what is missing and how to fix it. */
export class DockerUnavailableError extends Error {
  override name = 'DockerUnavailableError';
  constructor(
    readonly problems: readonly { client: string | null; problem: string; fix: string }[],
  ) {
    super(problems.map((entry) => `${entry.client === null ? '' : `${entry.client}: `}${entry.problem}`).join('; '));
  }
}

interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; rejects only when it cannot be started. */
function run(
  program: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal | undefined; onOutput?: ((chunk: string) => void) | undefined } = {},
): Promise<CommandResult & { combined: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
    const stdout: string[] = [];
    const stderr: string[] = [];
    const combined: string[] = [];
    const collect = (into: string[]) => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      into.push(text);
      combined.push(text);
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        exitCode: code ?? (signal === null ? 1 : 128),
        stdout: stdout.join(''),
        stderr: stderr.join(''),
        combined: combined.join(''),
      });
    });
  });
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? '';
}

/**
 * Client executables to try, in order: `DOCKERLINT_DOCKER` alone when set; else every `docker` on PATH,
 * then the usual install locations (a newer client without buildx may shadow a working one).
 */
function candidateClients(env: NodeJS.ProcessEnv): string[] {
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

const DAEMON_FIX = 'start the Docker daemon (`sudo systemctl start docker`, or `sudo dockerd &`), or point DOCKER_HOST at a running one';

/** Why a client cannot build with BuildKit, or its versions when it can. */
async function probe(client: string, env: NodeJS.ProcessEnv): Promise<{ clientVersion: string; serverVersion: string } | { problem: string; fix: string }> {
  let version;
  try {
    version = await run(client, ['version', '--format', '{{.Client.Version}}|{{.Server.Os}}|{{.Server.Version}}'], { env });
  } catch (error) {
    return { problem: `cannot be run (${error instanceof Error ? error.message : String(error)})`, fix: 'install Docker Engine, or set DOCKERLINT_DOCKER to a working client' };
  }
  const [clientVersion = '', serverOs = '', serverVersion = ''] = version.stdout.trim().split('|');
  if (version.exitCode !== 0 || serverVersion === '') {
    const why = firstLine(version.stderr) || firstLine(version.stdout) || `exit code ${version.exitCode}`;
    if (/permission denied/i.test(why)) {
      return { problem: why, fix: 'add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run as root' };
    }
    return { problem: why, fix: DAEMON_FIX };
  }
  if (serverOs !== 'linux') {
    return { problem: `the daemon runs ${serverOs} containers`, fix: 'BuildKit needs a Linux daemon: switch Docker to Linux containers' };
  }
  const [major = 0, minor = 0] = serverVersion.split('.').map((part) => Number.parseInt(part, 10));
  if (major < 18 || (major === 18 && minor < 9)) {
    return { problem: `Docker Engine ${serverVersion} has no BuildKit`, fix: 'upgrade Docker Engine to 18.09 or newer (23 or newer recommended)' };
  }
  // From client 23 on, `docker build` with BuildKit is the buildx plugin; older clients have BuildKit built in.
  if (!(Number.parseInt(clientVersion, 10) < 23)) {
    const buildx = await run(client, ['buildx', 'version'], { env }).catch(() => null);
    if (buildx?.exitCode !== 0) {
      return {
        problem: `client ${clientVersion} has no buildx plugin, which \`docker build\` needs for BuildKit since Docker 23`,
        fix: 'install the buildx plugin (docker-buildx-plugin, or docker-buildx on Debian and Ubuntu), or set DOCKERLINT_DOCKER to a client older than 23',
      };
    }
  }
  return { clientVersion, serverVersion };
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
      const started = performance.now();
      const result = await run(executable, args, { env: buildEnv, signal: options.signal, onOutput: options.onOutput });
      return { exitCode: result.exitCode, log: result.combined, seconds: (performance.now() - started) / 1000, command: [executable, ...args] };
    },
    async imageExists(reference) {
      const result = await run(executable, ['image', 'inspect', '--format', '{{.Id}}', reference], { env });
      return result.exitCode === 0;
    },
    async removeImages(references) {
      if (references.length > 0) await run(executable, ['image', 'rm', ...references], { env }).catch(() => undefined);
    },
  };
}
