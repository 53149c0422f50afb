import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { DockerUnavailableError, findDockerClient } from '../../src/docker/client.js';
import { VERIFY_HELP } from '../../src/verify/cli.js';
import { tempTree } from '../helpers/tmp.js';

/**
 * A stand-in `docker` executable: answers `version` with the JSON of `versionLine` (`client|os|server`;
 * or fails with `versionError`),
 * `buildx version` with `buildx`'s exit code, `image inspect` for `present:1` only, and `build` by
 * recording its environment and arguments next to itself.
 */
function fakeClient(options: { versionLine?: string; versionError?: string; buildx?: number }): { client: string; record: string } {
  const [client = '', os = '', server = ''] = (options.versionLine ?? '').split('|');
  const json = JSON.stringify({ Client: { Version: client }, Server: { Os: os, Version: server } });
  const version = options.versionError === undefined ? `echo '${json}'` : `echo '${options.versionError}' >&2; exit 1`;
  const script = [
    '#!/bin/sh',
    'case "$1" in',
    `  version) ${version} ;;`,
    `  buildx) exit ${options.buildx ?? 1} ;;`,
    `  build) printf '%s\\n' "DOCKER_BUILDKIT=$DOCKER_BUILDKIT" "$@" > "$(dirname "$0")/record"; echo '#5 [1/1] RUN true'; echo '#5 CACHED' >&2 ;;`,
    '  image) [ "$2" = inspect ] && [ "$5" = present:1 ] && echo sha256:1 ;;',
    'esac',
    '',
  ].join('\n');
  const dir = tempTree({ docker: script });
  chmodSync(path.join(dir, 'docker'), 0o755);
  return { client: path.join(dir, 'docker'), record: path.join(dir, 'record') };
}

async function unavailable(env: NodeJS.ProcessEnv): Promise<DockerUnavailableError> {
  try {
    await findDockerClient(env);
  } catch (error) {
    if (error instanceof DockerUnavailableError) return error;
    throw error;
  }
  throw new Error('expected Docker to be unavailable');
}

describe('findDockerClient', () => {
  it('takes a client that reaches a Linux daemon with built-in BuildKit', async () => {
    const { client } = fakeClient({ versionLine: '20.10.24+dfsg1|linux|20.10.24+dfsg1' });
    const docker = await findDockerClient({ DOCKERLINT_DOCKER: client });
    expect([docker.executable, docker.clientVersion, docker.serverVersion]).toEqual([client, '20.10.24+dfsg1', '20.10.24+dfsg1']);
  });

  it('takes a client from 23 on only with the buildx plugin', async () => {
    const withBuildx = fakeClient({ versionLine: '28.2.2|linux|28.2.2', buildx: 0 });
    expect((await findDockerClient({ DOCKERLINT_DOCKER: withBuildx.client })).clientVersion).toBe('28.2.2');
    const withoutBuildx = fakeClient({ versionLine: '28.2.2|linux|20.10.24', buildx: 1 });
    expect((await unavailable({ DOCKERLINT_DOCKER: withoutBuildx.client })).problems).toEqual([
      {
        client: withoutBuildx.client,
        problem: 'client 28.2.2 has no buildx plugin, which `docker build` needs for BuildKit since Docker 23',
        fix: 'install the buildx plugin (docker-buildx-plugin, or docker-buildx on Debian and Ubuntu), or set DOCKERLINT_DOCKER to a client older than 23',
      },
    ]);
  });

  it.each([
    [
      { versionError: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' },
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      'start the Docker daemon (`sudo systemctl start docker`, or `sudo dockerd &`), or point DOCKER_HOST at a running one',
    ],
    [
      { versionError: 'permission denied while trying to connect to the Docker daemon socket' },
      'permission denied while trying to connect to the Docker daemon socket',
      'add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run as root',
    ],
    [{ versionLine: '20.10.24|windows|20.10.24' }, 'the daemon runs windows containers', 'BuildKit needs a Linux daemon: switch Docker to Linux containers'],
    [{ versionLine: '18.06.1|linux|18.06.1' }, 'Docker Engine 18.06.1 has no BuildKit', 'upgrade Docker Engine to 18.09 or newer (23 or newer recommended)'],
  ])('says what is missing and how to fix it: %j', async (options, problem, fix) => {
    const { client } = fakeClient(options);
    expect((await unavailable({ DOCKERLINT_DOCKER: client })).problems).toEqual([{ client, problem, fix }]);
  });

  it('reports a client that cannot be started', async () => {
    const missing = path.join(tempTree(), 'no-such-docker');
    const [entry] = (await unavailable({ DOCKERLINT_DOCKER: missing })).problems;
    expect(entry?.problem).toBe(`cannot be run (${missing}: command not found)`);
  });

  it('runs docker build with BuildKit, plain progress and the request', async () => {
    const { client, record } = fakeClient({ versionLine: '20.10.24|linux|20.10.24' });
    const docker = await findDockerClient({ DOCKERLINT_DOCKER: client, PATH: process.env.PATH ?? '' });
    const run = await docker.build({
      context: '/ctx',
      dockerfile: '/ctx/Dockerfile',
      target: 'runtime',
      buildArgs: new Map([
        ['A', '1'],
        ['FROM_ENV', null],
      ]),
      tag: 'dockerlint-verify/x:1-warm',
      network: 'host',
    });
    expect(readFileSync(record, 'utf8').trim().split('\n')).toEqual([
      'DOCKER_BUILDKIT=1',
      'build',
      '--progress=plain',
      '--file',
      '/ctx/Dockerfile',
      '--tag',
      'dockerlint-verify/x:1-warm',
      '--network=host',
      '--target',
      'runtime',
      '--build-arg',
      'A=1',
      '--build-arg',
      'FROM_ENV',
      '/ctx',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.log).toContain('#5 [1/1] RUN true\n');
    expect(run.log).toContain('#5 CACHED\n');
    expect(await docker.imageId('present:1')).toBe('sha256:1');
    expect(await docker.imageId('absent:1')).toBe(null);
  });
});

describe('dockerlint verify on the command line', () => {
  const io = (env: NodeJS.ProcessEnv, cwd = tempTree()) => {
    const output = { stdout: '', stderr: '' };
    return {
      output,
      io: { cwd, env, isTTY: false, stdout: (text: string) => (output.stdout += text), stderr: (text: string) => (output.stderr += text) },
    };
  };

  it('prints its help, and the main help names it', async () => {
    const verifyHelp = io({});
    expect(await main(['verify', '--help'], verifyHelp.io)).toBe(0);
    expect(verifyHelp.output.stdout).toBe(VERIFY_HELP);
    const mainHelp = io({});
    expect(await main(['--help'], mainHelp.io)).toBe(0);
    expect(mainHelp.output.stdout).toContain('       dockerlint verify [options] [paths...]\n');
  });

  it('rejects unknown options and formats with exit code 2', async () => {
    const badFormat = io({});
    expect(await main(['verify', '--format', 'xml'], badFormat.io)).toBe(2);
    expect(badFormat.output.stderr).toBe("dockerlint: unknown format 'xml'; expected one of stylish, json\n");
    const badOption = io({});
    expect(await main(['verify', '--fix'], badOption.io)).toBe(2);
    expect(badOption.output.stderr).toBe("dockerlint: unknown option '--fix'; run 'dockerlint verify --help' for the options\n");
    const typo = io({});
    expect(await main(['verify', '--servce', 'api'], typo.io)).toBe(2);
    expect(typo.output.stderr).toBe("dockerlint: unknown option '--servce'; did you mean '--service'?\n");
  });

  it('exits 2 and says how to fix it when Docker is not available', async () => {
    const { client } = fakeClient({ versionError: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' });
    const cwd = tempTree({ 'docker-compose.yml': 'services:\n  api:\n    build: .\n', Dockerfile: 'FROM node:20\nCOPY package.json ./\nRUN npm ci\nCOPY . .\n', 'index.js': '1;\n' });
    const run = io({ DOCKERLINT_DOCKER: client }, cwd);
    expect(await main(['verify'], run.io)).toBe(2);
    expect(run.output.stdout).toBe('');
    expect(run.output.stderr).toBe(
      [
        'dockerlint verify: Docker with BuildKit is not available, so nothing was built.',
        `  ${client}: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`,
        '    fix: start the Docker daemon (`sudo systemctl start docker`, or `sudo dockerd &`), or point DOCKER_HOST at a running one',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 when there is nothing to verify, before looking for Docker', async () => {
    const run = io({ DOCKERLINT_DOCKER: '/nonexistent/docker' }, tempTree({ 'README.md': 'hi\n' }));
    expect(await main(['verify'], run.io)).toBe(2);
    expect(run.output.stderr).toBe(
      'dockerlint: nothing to verify in .: no compose service with a build, and no service Dockerfile. Name a Dockerfile to verify it on its own.\n',
    );
  });
});
