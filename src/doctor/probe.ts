/**
 * Runs the commands `dockerlint doctor` looks at, with timeouts. Never throws: a command that is
 * missing, hangs or fails becomes an output with its `error` or exit code, for the checks to judge.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { CommandOutput } from './checks.js';

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

export const COMMAND_TIMEOUT_MS = 15_000;

/** Runs a program (found on the PATH of `env`) without a shell. */
export function runCommand(
  program: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number = COMMAND_TIMEOUT_MS,
): Promise<CommandOutput> {
  return new Promise((resolve) => {
    try {
      execFile(program, [...args], { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error === null) {
          resolve({ exitCode: 0, stdout, stderr, error: null });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') resolve({ exitCode: null, stdout, stderr, error: `${program}: command not found` });
        else if (error.killed) resolve({ exitCode: null, stdout, stderr, error: `${program} ${args.join(' ')}: no answer within ${String(timeoutMs / 1000)} s` });
        else if (typeof code === 'number') resolve({ exitCode: code, stdout, stderr, error: null });
        else resolve({ exitCode: null, stdout, stderr, error: `${program}: ${error.message}` });
      });
    } catch (error) {
      resolve({ exitCode: null, stdout: '', stderr: '', error: `${program}: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
}

async function readProcVersion(): Promise<string | null> {
  try {
    return await readFile('/proc/version', 'utf8');
  } catch {
    return null;
  }
}

/** Asks the docker CLI and the system, all at once. */
export async function probeMachine(env: NodeJS.ProcessEnv, timeoutMs: number = COMMAND_TIMEOUT_MS): Promise<MachineFacts> {
  const docker = (...args: string[]): Promise<CommandOutput> => runCommand('docker', args, env, timeoutMs);
  const [dockerVersion, dockerInfo, buildxVersion, composePluginVersion, composeStandaloneVersion, procVersion] = await Promise.all([
    docker('version', '--format', '{{json .}}'),
    docker('info', '--format', '{{json .}}'),
    docker('buildx', 'version'),
    docker('compose', 'version'),
    runCommand('docker-compose', ['version'], env, timeoutMs),
    readProcVersion(),
  ]);
  return { dockerVersion, dockerInfo, buildxVersion, composePluginVersion, composeStandaloneVersion, procVersion };
}
