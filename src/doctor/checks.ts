/**
 * The checks of `dockerlint doctor`, one small pure function each: they take what was observed (the
 * environment, the output of `docker version`/`docker info`/`docker buildx version`/`docker compose
 * version`, `/proc/version`, the project root) as data and say what they found and the exact fix.
 */
import { atLeast, BUILDX_CLIENT_MAJOR, dockerVersions, failure, isRecord, jsonOutput as jsonOf, parseVersion, type CommandOutput, type Version } from '../docker/client.js';
import { parseGoBool } from '../text.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  /** `fail`: a required check failed (the command exits 1); `warn`: worth fixing, not required. */
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** The exact fix, for `warn` and `fail`. */
  fix: string | null;
}

/** What the checks need to know about the project. */
export interface ProjectFacts {
  /** Absolute project root. */
  root: string;
  /** Compose services that need a GPU. */
  gpuServices: string[];
  /** Compose services with an `additional_contexts` entry `service:…` (Compose ≥ 2.17). */
  serviceContextUsers: string[];
  /** Why the project could not be read completely, or `null`. */
  problem: string | null;
}

// ─── Reading outputs ─────────────────────────────────────────────────────────

const major = (version: string | null): number | null => (version === null ? null : (parseVersion(version)?.[0] ?? null));

// ─── Shell profiles ──────────────────────────────────────────────────────────

/** The file to add an environment variable to, and the line to add, for the user's login shell (`$SHELL`). */
export function profileLine(shell: string | undefined, name: string, value: string): { file: string; line: string } {
  const program = (shell ?? '').slice((shell ?? '').lastIndexOf('/') + 1);
  switch (program) {
    case 'bash':
      return { file: '~/.bashrc', line: `export ${name}=${value}` };
    case 'zsh':
      return { file: '~/.zshrc', line: `export ${name}=${value}` };
    case 'fish':
      return { file: '~/.config/fish/config.fish', line: `set -gx ${name} ${value}` };
    case 'ksh':
    case 'mksh':
      return { file: '~/.kshrc', line: `export ${name}=${value}` };
    case 'csh':
    case 'tcsh':
      return { file: '~/.cshrc', line: `setenv ${name} ${value}` };
    default:
      return { file: '~/.profile', line: `export ${name}=${value}` };
  }
}

function addToProfile(shell: string | undefined, name: string): string {
  const { file, line } = profileLine(shell, name, '1');
  const reload = file.endsWith('.profile') ? 'log in again' : `open a new terminal (or run \`source ${file}\`)`;
  return `add \`${line}\` to ${file} (and remove any line there that sets ${name} to 0), then ${reload}`;
}

// ─── Checks ──────────────────────────────────────────────────────────────────

const DOCKER_INSTALL = 'install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop';

export function checkDaemon(version: CommandOutput): CheckResult {
  const base = { id: 'daemon', title: 'Docker daemon' };
  const { client, server, serverProblem } = dockerVersions(version);
  if (version.error !== null && client === null) {
    return { ...base, status: 'fail', detail: `the docker command cannot be run: ${version.error}`, fix: DOCKER_INSTALL };
  }
  if (server === null) {
    return {
      ...base,
      status: 'fail',
      detail: `not reachable: ${serverProblem ?? 'no answer'}`,
      fix: 'start it (`sudo systemctl start docker`, or start Docker Desktop); check that `docker context ls` and DOCKER_HOST point at it, and that your user may use its socket (`sudo usermod -aG docker $USER`, then log in again)',
    };
  }
  return { ...base, status: 'pass', detail: `Docker Engine ${server} (client ${client ?? 'unknown'})`, fix: null };
}

/** The version buildx reports, or `null` when it is missing. */
function buildxVersion(buildx: CommandOutput): Version | null {
  return buildx.error === null && buildx.exitCode === 0 ? parseVersion(buildx.stdout) : null;
}

export function checkBuildkitDefault(env: Readonly<Record<string, string | undefined>>, version: CommandOutput, buildx: CommandOutput): CheckResult {
  const base = { id: 'buildkit-default', title: 'BuildKit on the daemon' };
  const { client, server } = dockerVersions(version);
  const serverMajor = major(server);
  if (server === null || serverMajor === null) return { ...base, status: 'skip', detail: 'the daemon did not answer', fix: null };
  if (serverMajor >= 23) return { ...base, status: 'pass', detail: `BuildKit is the default builder of Docker Engine ${server}`, fix: null };
  const legacy = `Docker Engine ${server} builds with the legacy builder by default (unless /etc/docker/daemon.json enables BuildKit)`;
  const clientMajor = major(client);
  if (clientMajor !== null && clientMajor >= BUILDX_CLIENT_MAJOR && buildxVersion(buildx) !== null) {
    return { ...base, status: 'pass', detail: `${legacy}, but docker ${client ?? ''} builds through buildx, with BuildKit`, fix: null };
  }
  const variable = env.DOCKER_BUILDKIT;
  if (clientMajor !== null && clientMajor < BUILDX_CLIENT_MAJOR && variable !== undefined && parseGoBool(variable) === true) {
    return { ...base, status: 'pass', detail: `${legacy}, but DOCKER_BUILDKIT=${variable} makes docker build use BuildKit`, fix: null };
  }
  return {
    ...base,
    status: 'warn',
    detail: `${legacy}: every build that does not ask for BuildKit gets the legacy builder`,
    fix: 'upgrade Docker Engine to 23 or later; or add "features": { "buildkit": true } to /etc/docker/daemon.json and restart the daemon',
  };
}

export function checkDockerBuildkitVariable(env: Readonly<Record<string, string | undefined>>, version: CommandOutput, buildx: CommandOutput): CheckResult {
  const base = { id: 'env-docker-buildkit', title: 'DOCKER_BUILDKIT' };
  const value = env.DOCKER_BUILDKIT;
  const fix = addToProfile(env.SHELL, 'DOCKER_BUILDKIT');
  if (value !== undefined && value !== '') {
    if (parseGoBool(value) === true) return { ...base, status: 'pass', detail: `DOCKER_BUILDKIT=${value}: docker build uses BuildKit`, fix: null };
    const why = parseGoBool(value) === false ? 'turns BuildKit off: docker build uses the legacy builder' : 'is not a boolean: docker build refuses to run';
    return { ...base, status: 'fail', detail: `DOCKER_BUILDKIT=${value} ${why}`, fix };
  }
  const { client, server } = dockerVersions(version);
  const clientMajor = major(client);
  const serverMajor = major(server);
  if (clientMajor !== null && clientMajor >= BUILDX_CLIENT_MAJOR) {
    // Since client 23 the client decides: BuildKit through buildx when it is installed.
    const how = buildxVersion(buildx) === null ? `would be the default with docker ${client ?? ''} once buildx is installed` : `is the default with docker ${client ?? ''} and buildx`;
    return { ...base, status: 'warn', detail: `not set; BuildKit ${how}, but scripts and older machines behave differently without it`, fix };
  }
  if (serverMajor !== null && serverMajor >= 23) {
    return { ...base, status: 'warn', detail: `not set; BuildKit is the default of Docker Engine ${server ?? ''}, but scripts and older machines behave differently without it`, fix };
  }
  return {
    ...base,
    status: 'fail',
    detail: `not set: docker build uses the legacy builder with client ${client ?? 'unknown'} and Engine ${server ?? 'unknown'} (no cache mounts, no parallel stages)`,
    fix,
  };
}

/** The standalone `docker-compose` when it is Compose v1. */
function composeV1(standalone: CommandOutput): Version | null {
  if (standalone.error !== null || standalone.exitCode !== 0) return null;
  const version = parseVersion(standalone.stdout);
  return version !== null && version[0] === 1 ? version : null;
}

export function checkComposeCliBuildVariable(env: Readonly<Record<string, string | undefined>>, standalone: CommandOutput): CheckResult {
  const base = { id: 'env-compose-docker-cli-build', title: 'COMPOSE_DOCKER_CLI_BUILD' };
  const value = env.COMPOSE_DOCKER_CLI_BUILD;
  const fix = addToProfile(env.SHELL, 'COMPOSE_DOCKER_CLI_BUILD');
  const v1 = composeV1(standalone);
  const v1Text = v1 === null ? null : v1.join('.');
  if (value !== undefined && value !== '' && parseGoBool(value) === true) {
    return { ...base, status: 'pass', detail: `COMPOSE_DOCKER_CLI_BUILD=${value}: docker-compose v1 builds through the docker CLI`, fix: null };
  }
  if (value !== undefined && value !== '') {
    const detail = `COMPOSE_DOCKER_CLI_BUILD=${value} makes docker-compose v1 build with its own builder, without BuildKit`;
    return v1Text === null
      ? { ...base, status: 'warn', detail: `${detail} (no docker-compose v1 is installed here)`, fix }
      : { ...base, status: 'fail', detail: `${detail} (docker-compose ${v1Text} is installed)`, fix };
  }
  if (v1 !== null && !atLeast(v1, [1, 28, 0])) {
    return { ...base, status: 'fail', detail: `not set: docker-compose ${v1Text ?? ''} builds with its own builder, without BuildKit, unless it is 1`, fix };
  }
  return { ...base, status: 'warn', detail: 'not set; only docker-compose v1 reads it (before 1.28 it builds without BuildKit unless it is 1)', fix };
}

const BUILDX_INSTALL =
  "install the buildx plugin: `sudo apt-get install docker-buildx-plugin` from Docker's apt repository (Ubuntu's own package: docker-buildx), or use Docker Desktop, which ships it";

export function checkBuildx(version: CommandOutput, buildx: CommandOutput): CheckResult {
  const base = { id: 'buildx', title: 'buildx plugin' };
  const { client } = dockerVersions(version);
  if (client === null) return { ...base, status: 'skip', detail: 'the docker command did not answer', fix: null };
  const found = buildxVersion(buildx);
  if (found !== null) return { ...base, status: 'pass', detail: `buildx ${found.join('.')}`, fix: null };
  const clientMajor = major(client);
  if (clientMajor !== null && clientMajor >= BUILDX_CLIENT_MAJOR) {
    return {
      ...base,
      status: 'fail',
      detail: `missing: docker ${client} builds with BuildKit only through buildx; without it docker build falls back to the legacy builder, and DOCKER_BUILDKIT=1 docker build fails (${failure(buildx)})`,
      fix: BUILDX_INSTALL,
    };
  }
  return {
    ...base,
    status: 'warn',
    detail: `missing; docker ${client} has BuildKit built in (with DOCKER_BUILDKIT=1), but buildx brings \`docker buildx build\` and newer BuildKit features`,
    fix: BUILDX_INSTALL,
  };
}

const COMPOSE_INSTALL =
  "install Compose v2: `sudo apt-get install docker-compose-plugin` from Docker's apt repository (Ubuntu's own package: docker-compose-v2), or use Docker Desktop, which ships it";
/** `additional_contexts` entries of the form `service:<name>` need this Compose. */
const SERVICE_CONTEXTS_SINCE: Version = [2, 17, 0];

export function checkCompose(plugin: CommandOutput, standalone: CommandOutput, project: ProjectFacts | null): CheckResult {
  const base = { id: 'compose', title: 'Docker Compose v2' };
  const pluginVersion = plugin.error === null && plugin.exitCode === 0 ? parseVersion(plugin.stdout) : null;
  const standaloneVersion = standalone.error === null && standalone.exitCode === 0 ? parseVersion(standalone.stdout) : null;
  const found =
    pluginVersion !== null && pluginVersion[0] >= 2
      ? { version: pluginVersion, how: 'docker compose' }
      : standaloneVersion !== null && standaloneVersion[0] >= 2
        ? { version: standaloneVersion, how: 'docker-compose' }
        : null;
  if (found === null) {
    const v1 = standaloneVersion === null ? '' : `; docker-compose ${standaloneVersion.join('.')} is Compose v1, which is no longer maintained and builds without BuildKit by default`;
    return { ...base, status: 'fail', detail: `not found (docker compose: ${failure(plugin)})${v1}`, fix: COMPOSE_INSTALL };
  }
  const versionText = found.version.join('.');
  const users = project?.serviceContextUsers ?? [];
  if (users.length > 0 && !atLeast(found.version, SERVICE_CONTEXTS_SINCE)) {
    return {
      ...base,
      status: 'fail',
      detail: `${found.how} ${versionText} is older than 2.17, which the project needs: ${users.join(', ')} use additional_contexts with service:`,
      fix: `upgrade Compose to 2.17 or later; ${COMPOSE_INSTALL}`,
    };
  }
  const needs = users.length > 0 ? `, 2.17 or later as additional_contexts with service: in ${users.join(', ')} needs` : '';
  return { ...base, status: 'pass', detail: `${found.how} ${versionText}${needs}`, fix: null };
}

const NVIDIA_FIX =
  'install the NVIDIA Container Toolkit (https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html), then run `sudo nvidia-ctk runtime configure --runtime=docker` and `sudo systemctl restart docker` (for CDI: `sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml`); with Docker Desktop on WSL, update the NVIDIA driver on Windows instead';

export function checkGpuRuntime(info: CommandOutput, project: ProjectFacts | null): CheckResult {
  const base = { id: 'gpu-runtime', title: 'NVIDIA runtime' };
  const services = project?.gpuServices ?? [];
  if (services.length === 0) return { ...base, status: 'skip', detail: 'no compose service needs a GPU', fix: null };
  const json = jsonOf(info);
  if (json === null || info.exitCode !== 0) return { ...base, status: 'skip', detail: `cannot ask the daemon (${failure(info)})`, fix: null };
  const runtimes = isRecord(json.Runtimes) ? Object.keys(json.Runtimes) : [];
  const nvidiaRuntimes = runtimes.filter((name) => name.includes('nvidia'));
  const devices = Array.isArray(json.DiscoveredDevices) ? json.DiscoveredDevices : [];
  const cdiGpus = devices.flatMap((device) => (isRecord(device) && typeof device.ID === 'string' && device.ID.startsWith('nvidia.com/gpu') ? [device.ID] : []));
  const who = `${services.join(', ')} need${services.length === 1 ? 's' : ''} a GPU`;
  if (nvidiaRuntimes.length > 0 || cdiGpus.length > 0) {
    const what = [...nvidiaRuntimes.map((name) => `runtime ${name}`), ...cdiGpus.map((id) => `CDI device ${id}`)].join(', ');
    return { ...base, status: 'pass', detail: `${who}; the daemon has ${what}`, fix: null };
  }
  return {
    ...base,
    status: 'fail',
    detail: `${who}, but the daemon has no NVIDIA runtime (runtimes: ${runtimes.join(', ') || 'none'}) and no NVIDIA CDI device`,
    fix: NVIDIA_FIX,
  };
}

/** `/mnt/c/Users/me/repo` → `C:`; `null` for a path in the Linux file system. */
export function windowsDrive(path: string): string | null {
  const match = /^\/mnt\/([a-zA-Z])(?:\/|$)/.exec(path);
  return match?.[1] === undefined ? null : `${match[1].toUpperCase()}:`;
}

export function checkWslDrive(procVersion: string | null, root: string): CheckResult {
  const base = { id: 'wsl-drive', title: 'WSL file system' };
  if (procVersion === null) return { ...base, status: 'skip', detail: 'no /proc/version: not Linux', fix: null };
  if (!/microsoft/i.test(procVersion)) return { ...base, status: 'skip', detail: 'not running under WSL', fix: null };
  const drive = windowsDrive(root);
  if (drive === null) return { ...base, status: 'pass', detail: `WSL, and the project (${root}) is in the Linux file system`, fix: null };
  const name = root.replace(/\/+$/, '').slice(root.replace(/\/+$/, '').lastIndexOf('/') + 1) || 'project';
  return {
    ...base,
    status: 'fail',
    detail: `the project is on the Windows drive ${drive} (${root}): under WSL its files go through the Windows file bridge, so build contexts and bind mounts are many times slower and file-change events do not arrive (watchers and hot reload break)`,
    fix: `clone the repository inside the Linux file system and work there: \`git clone <its remote> ~/src/${name}\` (or \`cp -a '${root}' ~/src/\`), then \`cd ~/src/${name}\``,
  };
}
