/**
 * Runs the commands `dockerlint doctor` looks at, through the shared Docker client module (its
 * timeouts, its choice of executable). Never throws: a command that is missing, hangs or fails
 * becomes an output with its `error` or exit code, for the checks to judge.
 */
import { readFile } from 'node:fs/promises';
import { COMMAND_TIMEOUT_MS, defaultClient, runCommand, VERSION_ARGS, type CommandOutput } from '../docker/client.js';

/** What the checks read about the machine. */
export interface MachineFacts {
  /** `docker version --format '{{json .}}'` */
  dockerVersion: CommandOutput;
  /** `docker info --format '{{json .}}'` */
  dockerInfo: CommandOutput;
  /** `docker buildx version` */
  buildxVersion: CommandOutput;
  /** `docker compose version` */
  composePluginVersion: CommandOutput;
  /** `docker-compose version` */
  composeStandaloneVersion: CommandOutput;
  /** The text of `/proc/version`, or `null` when there is none. */
  procVersion: string | null;
}

async function readProcVersion(): Promise<string | null> {
  try {
    return await readFile('/proc/version', 'utf8');
  } catch {
    return null;
  }
}

/** Asks the docker CLI (the one a user's `docker` runs, or DOCKERLINT_DOCKER) and the system, all at once. */
export async function probeMachine(env: NodeJS.ProcessEnv, timeoutMs: number = COMMAND_TIMEOUT_MS): Promise<MachineFacts> {
  const client = defaultClient(env);
  const docker = (...args: string[]): Promise<CommandOutput> => runCommand(client, args, { env, timeoutMs });
  const [dockerVersion, dockerInfo, buildxVersion, composePluginVersion, composeStandaloneVersion, procVersion] = await Promise.all([
    docker(...VERSION_ARGS),
    docker('info', '--format', '{{json .}}'),
    docker('buildx', 'version'),
    docker('compose', 'version'),
    runCommand('docker-compose', ['version'], { env, timeoutMs }),
    readProcVersion(),
  ]);
  return { dockerVersion, dockerInfo, buildxVersion, composePluginVersion, composeStandaloneVersion, procVersion };
}
