import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { atLeast, parseVersion, type CommandOutput } from '../src/docker/client.js';
import {
  checkBuildkitDefault,
  checkBuildx,
  checkCompose,
  checkComposeCliBuildVariable,
  checkDaemon,
  checkDockerBuildkitVariable,
  checkGpuRuntime,
  checkWslDrive,
  profileLine,
  windowsDrive,
  type CheckResult,
  type ProjectFacts,
} from '../src/doctor/checks.js';
import { diagnose, formatDoctorJson, formatDoctorStylish } from '../src/doctor/index.js';
import { runCommand } from '../src/docker/client.js';
import { probeMachine, type MachineFacts } from '../src/doctor/probe.js';
import { projectFacts } from '../src/doctor/project.js';
import { dockerAvailable, dockerSuiteTitle } from './helpers/docker.js';
import { loadCase } from './helpers/rule-tester.js';
import { tempTree } from './helpers/tmp.js';

// ─── Fakes ───────────────────────────────────────────────────────────────────

const ran = (stdout: string, exitCode = 0, stderr = ''): CommandOutput => ({ exitCode, stdout, stderr, error: null });
const missing = (program: string): CommandOutput => ({ exitCode: null, stdout: '', stderr: '', error: `${program}: command not found` });

/** `docker version --format '{{json .}}'` as the CLI prints it; without a server when the daemon is down. */
function versionJson(client: string, server: string | null): CommandOutput {
  const json = JSON.stringify({ Client: { Version: client, ApiVersion: '1.41' }, Server: server === null ? null : { Components: [{ Name: 'Engine', Version: server }], Version: server } });
  return server === null ? ran(json, 1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n') : ran(json);
}

const BUILDX = ran('github.com/docker/buildx v0.17.1 257815a\n');
const NO_BUILDX = ran('', 1, "docker: 'buildx' is not a docker command.\n");
const NO_COMPOSE_V1 = missing('docker-compose');

function project(facts: Partial<ProjectFacts> = {}): ProjectFacts {
  return { root: '/home/rider/src/snowboarding', gpuServices: [], serviceContextUsers: [], problem: null, ...facts };
}

const summary = (result: CheckResult): [string, string] => [result.status, result.detail];

// ─── Parsing helpers ─────────────────────────────────────────────────────────

describe('versions', () => {
  it.each([
    ['20.10.24+dfsg1', [20, 10, 24]],
    ['v2.29.1-desktop.1', [2, 29, 1]],
    ['Docker Compose version v2.17.0', [2, 17, 0]],
    ['docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.0', [1, 29, 2]],
    ['27.0', [27, 0, 0]],
    ['no version here', null],
  ])('parseVersion(%j)', (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });

  it.each([
    [[2, 17, 0], [2, 17, 0], true],
    [[2, 16, 9], [2, 17, 0], false],
    [[2, 18, 0], [2, 17, 5], true],
    [[3, 0, 0], [2, 17, 0], true],
    [[1, 29, 2], [2, 17, 0], false],
  ] as const)('atLeast(%j, %j) is %s', (version, minimum, expected) => {
    expect(atLeast(version, minimum)).toBe(expected);
  });
});

describe('profileLine', () => {
  it.each([
    ['/bin/bash', '~/.bashrc', 'export DOCKER_BUILDKIT=1'],
    ['/usr/bin/zsh', '~/.zshrc', 'export DOCKER_BUILDKIT=1'],
    ['/usr/bin/fish', '~/.config/fish/config.fish', 'set -gx DOCKER_BUILDKIT 1'],
    ['/bin/tcsh', '~/.cshrc', 'setenv DOCKER_BUILDKIT 1'],
    ['/bin/ksh', '~/.kshrc', 'export DOCKER_BUILDKIT=1'],
    ['/bin/dash', '~/.profile', 'export DOCKER_BUILDKIT=1'],
    [undefined, '~/.profile', 'export DOCKER_BUILDKIT=1'],
  ])('SHELL=%s → %s', (shell, file, line) => {
    expect(profileLine(shell, 'DOCKER_BUILDKIT', '1')).toEqual({ file, line });
  });
});

// ─── Checks ──────────────────────────────────────────────────────────────────

describe('checkDaemon', () => {
  it('reports the engine and client versions', () => {
    expect(checkDaemon(versionJson('28.2.2', '20.10.24+dfsg1'))).toEqual({
      id: 'daemon',
      title: 'Docker daemon',
      status: 'pass',
      detail: 'Docker Engine 20.10.24+dfsg1 (client 28.2.2)',
      fix: null,
    });
  });

  it('fails with the client error when the daemon does not answer', () => {
    const result = checkDaemon(versionJson('28.2.2', null));
    expect(summary(result)).toEqual(['fail', 'not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?']);
    expect(result.fix).toContain('sudo systemctl start docker');
  });

  it('fails when there is no docker command', () => {
    const result = checkDaemon(missing('docker'));
    expect(summary(result)).toEqual(['fail', 'the docker command cannot be run: docker: command not found']);
    expect(result.fix).toContain('install Docker Engine');
  });
});

describe('checkBuildkitDefault', () => {
  it.each([
    ['Engine 23+', {}, versionJson('24.0.7', '24.0.7'), NO_BUILDX, 'pass', 'BuildKit is the default builder of Docker Engine 24.0.7'],
    ['Engine 20.10, client 28 with buildx', {}, versionJson('28.2.2', '20.10.24'), BUILDX, 'pass', 'Docker Engine 20.10.24 builds with the legacy builder by default (unless /etc/docker/daemon.json enables BuildKit), but docker 28.2.2 builds through buildx, with BuildKit'],
    ['Engine 20.10, client 20.10 with DOCKER_BUILDKIT=1', { DOCKER_BUILDKIT: '1' }, versionJson('20.10.24', '20.10.24'), NO_BUILDX, 'pass', 'Docker Engine 20.10.24 builds with the legacy builder by default (unless /etc/docker/daemon.json enables BuildKit), but DOCKER_BUILDKIT=1 makes docker build use BuildKit'],
    ['Engine 20.10, client 28 without buildx', { DOCKER_BUILDKIT: '1' }, versionJson('28.2.2', '20.10.24'), NO_BUILDX, 'warn', 'Docker Engine 20.10.24 builds with the legacy builder by default (unless /etc/docker/daemon.json enables BuildKit): every build that does not ask for BuildKit gets the legacy builder'],
    ['daemon down', {}, versionJson('28.2.2', null), BUILDX, 'skip', 'the daemon did not answer'],
  ])('%s', (_title, env, version, buildx, status, detail) => {
    expect(summary(checkBuildkitDefault(env, version, buildx))).toEqual([status, detail]);
  });
});

describe('checkDockerBuildkitVariable', () => {
  const bashFix = 'add `export DOCKER_BUILDKIT=1` to ~/.bashrc (and remove any line there that sets DOCKER_BUILDKIT to 0), then open a new terminal (or run `source ~/.bashrc`)';
  it.each([
    ['set to 1', { DOCKER_BUILDKIT: '1', SHELL: '/bin/bash' }, versionJson('20.10.24', '20.10.24'), NO_BUILDX, 'pass', 'DOCKER_BUILDKIT=1: docker build uses BuildKit', null],
    ['set to true', { DOCKER_BUILDKIT: 'true' }, versionJson('20.10.24', '20.10.24'), NO_BUILDX, 'pass', 'DOCKER_BUILDKIT=true: docker build uses BuildKit', null],
    ['set to 0', { DOCKER_BUILDKIT: '0', SHELL: '/bin/bash' }, versionJson('28.2.2', '28.2.2'), BUILDX, 'fail', 'DOCKER_BUILDKIT=0 turns BuildKit off: docker build uses the legacy builder', bashFix],
    ['not a boolean', { DOCKER_BUILDKIT: 'yes', SHELL: '/bin/bash' }, versionJson('28.2.2', '28.2.2'), BUILDX, 'fail', 'DOCKER_BUILDKIT=yes is not a boolean: docker build refuses to run', bashFix],
    ['unset, 20.10 everywhere', { SHELL: '/bin/bash' }, versionJson('20.10.24', '20.10.24'), NO_BUILDX, 'fail', 'not set: docker build uses the legacy builder with client 20.10.24 and Engine 20.10.24 (no cache mounts, no parallel stages)', bashFix],
    ['unset, client 28 with buildx', { SHELL: '/bin/bash' }, versionJson('28.2.2', '20.10.24'), BUILDX, 'warn', 'not set; BuildKit is the default with docker 28.2.2 and buildx, but scripts and older machines behave differently without it', bashFix],
    ['unset, client 28 without buildx', { SHELL: '/bin/bash' }, versionJson('28.2.2', '20.10.24'), NO_BUILDX, 'warn', 'not set; BuildKit would be the default with docker 28.2.2 once buildx is installed, but scripts and older machines behave differently without it', bashFix],
    ['unset, client 20.10 on Engine 24', { SHELL: '/bin/bash' }, versionJson('20.10.24', '24.0.7'), NO_BUILDX, 'warn', 'not set; BuildKit is the default of Docker Engine 24.0.7, but scripts and older machines behave differently without it', bashFix],
  ])('%s', (_title, env, version, buildx, status, detail, fix) => {
    expect(checkDockerBuildkitVariable(env, version, buildx)).toEqual({ id: 'env-docker-buildkit', title: 'DOCKER_BUILDKIT', status, detail, fix });
  });

  it('names the profile of the login shell', () => {
    expect(checkDockerBuildkitVariable({ SHELL: '/usr/bin/fish' }, versionJson('20.10.24', '20.10.24'), NO_BUILDX).fix).toBe(
      'add `set -gx DOCKER_BUILDKIT 1` to ~/.config/fish/config.fish (and remove any line there that sets DOCKER_BUILDKIT to 0), then open a new terminal (or run `source ~/.config/fish/config.fish`)',
    );
    expect(checkDockerBuildkitVariable({}, versionJson('20.10.24', '20.10.24'), NO_BUILDX).fix).toBe(
      'add `export DOCKER_BUILDKIT=1` to ~/.profile (and remove any line there that sets DOCKER_BUILDKIT to 0), then log in again',
    );
  });
});

describe('checkComposeCliBuildVariable', () => {
  const V1_OLD = ran('docker-compose version 1.27.4, build 40524192\n');
  const V1_NEW = ran('docker-compose version 1.29.2, build unknown\n');
  it.each([
    ['set to 1', { COMPOSE_DOCKER_CLI_BUILD: '1' }, NO_COMPOSE_V1, 'pass', 'COMPOSE_DOCKER_CLI_BUILD=1: docker-compose v1 builds through the docker CLI'],
    ['set to 0 with docker-compose v1 installed', { COMPOSE_DOCKER_CLI_BUILD: '0' }, V1_NEW, 'fail', 'COMPOSE_DOCKER_CLI_BUILD=0 makes docker-compose v1 build with its own builder, without BuildKit (docker-compose 1.29.2 is installed)'],
    ['set to false, no v1', { COMPOSE_DOCKER_CLI_BUILD: 'false' }, NO_COMPOSE_V1, 'warn', 'COMPOSE_DOCKER_CLI_BUILD=false makes docker-compose v1 build with its own builder, without BuildKit (no docker-compose v1 is installed here)'],
    ['unset with docker-compose 1.27', {}, V1_OLD, 'fail', 'not set: docker-compose 1.27.4 builds with its own builder, without BuildKit, unless it is 1'],
    ['unset with docker-compose 1.29', {}, V1_NEW, 'warn', 'not set; only docker-compose v1 reads it (before 1.28 it builds without BuildKit unless it is 1)'],
    ['unset with standalone Compose v2', {}, ran('Docker Compose version v2.29.1\n'), 'warn', 'not set; only docker-compose v1 reads it (before 1.28 it builds without BuildKit unless it is 1)'],
  ])('%s', (_title, env, standalone, status, detail) => {
    expect(summary(checkComposeCliBuildVariable(env, standalone))).toEqual([status, detail]);
  });
});

describe('checkBuildx', () => {
  it.each([
    ['present', versionJson('28.2.2', '20.10.24'), BUILDX, 'pass', 'buildx 0.17.1'],
    ['missing with client 28', versionJson('28.2.2', '20.10.24'), NO_BUILDX, 'fail', "missing: docker 28.2.2 builds with BuildKit only through buildx; without it docker build falls back to the legacy builder, and DOCKER_BUILDKIT=1 docker build fails (docker: 'buildx' is not a docker command.)"],
    ['missing with client 20.10', versionJson('20.10.24', '20.10.24'), NO_BUILDX, 'warn', 'missing; docker 20.10.24 has BuildKit built in (with DOCKER_BUILDKIT=1), but buildx brings `docker buildx build` and newer BuildKit features'],
    ['no docker', missing('docker'), missing('docker'), 'skip', 'the docker command did not answer'],
  ])('%s', (_title, version, buildx, status, detail) => {
    expect(summary(checkBuildx(version, buildx))).toEqual([status, detail]);
  });
});

describe('checkCompose', () => {
  const plugin = (version: string): CommandOutput => ran(`Docker Compose version v${version}\n`);
  const noPlugin = ran('', 1, 'docker: unknown command: docker compose\n');
  const uses = project({ serviceContextUsers: ['api', 'web'] });
  it.each([
    ['the plugin', plugin('2.29.1'), NO_COMPOSE_V1, project(), 'pass', 'docker compose 2.29.1'],
    ['a standalone v2', noPlugin, ran('Docker Compose version v2.20.3\n'), project(), 'pass', 'docker-compose 2.20.3'],
    ['2.17 when service contexts are used', plugin('2.17.0'), NO_COMPOSE_V1, uses, 'pass', 'docker compose 2.17.0, 2.17 or later as additional_contexts with service: in api, web needs'],
    ['2.16 when service contexts are used', plugin('2.16.0'), NO_COMPOSE_V1, uses, 'fail', 'docker compose 2.16.0 is older than 2.17, which the project needs: api, web use additional_contexts with service:'],
    ['2.16 when nothing needs 2.17', plugin('2.16.0'), NO_COMPOSE_V1, project(), 'pass', 'docker compose 2.16.0'],
    ['only v1', noPlugin, ran('docker-compose version 1.29.2, build unknown\n'), project(), 'fail', 'not found (docker compose: docker: unknown command: docker compose); docker-compose 1.29.2 is Compose v1, which is no longer maintained and builds without BuildKit by default'],
    ['nothing', noPlugin, NO_COMPOSE_V1, null, 'fail', 'not found (docker compose: docker: unknown command: docker compose)'],
  ])('%s', (_title, pluginOutput, standalone, facts, status, detail) => {
    expect(summary(checkCompose(pluginOutput, standalone, facts))).toEqual([status, detail]);
  });
});

describe('checkGpuRuntime', () => {
  const info = (extra: Record<string, unknown>): CommandOutput => ran(JSON.stringify({ ServerVersion: '27.3.1', Runtimes: { runc: { path: 'runc' } }, ...extra }));
  const pose = project({ gpuServices: ['pose-service'] });
  it.each([
    ['no GPU service', info({}), project(), 'skip', 'no compose service needs a GPU'],
    ['the nvidia runtime', info({ Runtimes: { nvidia: { path: 'nvidia-container-runtime' }, runc: { path: 'runc' } } }), pose, 'pass', 'pose-service needs a GPU; the daemon has runtime nvidia'],
    ['a CDI device', info({ DiscoveredDevices: [{ Source: 'cdi', ID: 'nvidia.com/gpu=all' }] }), pose, 'pass', 'pose-service needs a GPU; the daemon has CDI device nvidia.com/gpu=all'],
    ['neither', info({}), project({ gpuServices: ['pose', 'trainer'] }), 'fail', 'pose, trainer need a GPU, but the daemon has no NVIDIA runtime (runtimes: runc) and no NVIDIA CDI device'],
    ['daemon down', ran('', 1, 'Cannot connect to the Docker daemon\n'), pose, 'skip', 'cannot ask the daemon (Cannot connect to the Docker daemon)'],
  ])('%s', (_title, output, facts, status, detail) => {
    expect(summary(checkGpuRuntime(output, facts))).toEqual([status, detail]);
  });
});

describe('checkWslDrive', () => {
  const WSL = 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0) #1 SMP\n';
  it.each([
    ['/mnt/c/Users/rider/snowboarding', 'C:'],
    ['/mnt/d', 'D:'],
    ['/mnt/data/snowboarding', null],
    ['/home/rider/snowboarding', null],
  ])('windowsDrive(%s) is %s', (path, drive) => {
    expect(windowsDrive(path)).toBe(drive);
  });

  it('fails for a project on a Windows drive under WSL, with the reason and the fix', () => {
    expect(checkWslDrive(WSL, '/mnt/c/Users/rider/snowboarding')).toEqual({
      id: 'wsl-drive',
      title: 'WSL file system',
      status: 'fail',
      detail:
        'the project is on the Windows drive C: (/mnt/c/Users/rider/snowboarding): under WSL its files go through the Windows file bridge, so build contexts and bind mounts are many times slower and file-change events do not arrive (watchers and hot reload break)',
      fix: "clone the repository inside the Linux file system and work there: `git clone <its remote> ~/src/snowboarding` (or `cp -a '/mnt/c/Users/rider/snowboarding' ~/src/`), then `cd ~/src/snowboarding`",
    });
  });

  it.each([
    [WSL, '/home/rider/snowboarding', 'pass', 'WSL, and the project (/home/rider/snowboarding) is in the Linux file system'],
    ['Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) #45-Ubuntu SMP\n', '/mnt/c/whatever', 'skip', 'not running under WSL'],
    [null, '/Users/rider/snowboarding', 'skip', 'no /proc/version: not Linux'],
  ])('%#: %s', (procVersion, root, status, detail) => {
    expect(summary(checkWslDrive(procVersion, root))).toEqual([status, detail]);
  });
});

// ─── The whole report ────────────────────────────────────────────────────────

const HEALTHY: MachineFacts = {
  dockerVersion: versionJson('27.3.1', '27.3.1'),
  dockerInfo: ran(JSON.stringify({ Runtimes: { runc: {} } })),
  buildxVersion: BUILDX,
  composePluginVersion: ran('Docker Compose version v2.29.7\n'),
  composeStandaloneVersion: NO_COMPOSE_V1,
  procVersion: 'Linux version 6.8.0-45-generic\n',
};

describe('diagnose and the formats', () => {
  it('passes on a healthy machine with the variables set, and prints a checklist', () => {
    const report = diagnose({ DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1', SHELL: '/bin/bash' }, HEALTHY, project());
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ['daemon', 'pass'],
      ['buildkit-default', 'pass'],
      ['env-docker-buildkit', 'pass'],
      ['env-compose-docker-cli-build', 'pass'],
      ['buildx', 'pass'],
      ['compose', 'pass'],
      ['gpu-runtime', 'skip'],
      ['wsl-drive', 'skip'],
    ]);
    expect(formatDoctorStylish(report, { color: false })).toBe(
      [
        'dockerlint doctor: this machine, for the project at /home/rider/src/snowboarding',
        '',
        '  ✔ Docker daemon             Docker Engine 27.3.1 (client 27.3.1)',
        '  ✔ BuildKit on the daemon    BuildKit is the default builder of Docker Engine 27.3.1',
        '  ✔ DOCKER_BUILDKIT           DOCKER_BUILDKIT=1: docker build uses BuildKit',
        '  ✔ COMPOSE_DOCKER_CLI_BUILD  COMPOSE_DOCKER_CLI_BUILD=1: docker-compose v1 builds through the docker CLI',
        '  ✔ buildx plugin             buildx 0.17.1',
        '  ✔ Docker Compose v2         docker compose 2.29.7',
        '  - NVIDIA runtime            no compose service needs a GPU',
        '  - WSL file system           not running under WSL',
        '',
        '✔ Every required check passed.',
        '',
      ].join('\n'),
    );
  });

  it('fails when a required check fails, printing each fix under its check', () => {
    const machine: MachineFacts = { ...HEALTHY, dockerVersion: versionJson('20.10.24', '20.10.24'), buildxVersion: NO_BUILDX };
    const report = diagnose({ SHELL: '/bin/zsh' }, machine, project({ problem: 'the config could not be loaded' }));
    expect(report.ok).toBe(false);
    const text = formatDoctorStylish(report, { color: false });
    expect(text).toContain(
      [
        '  ✖ DOCKER_BUILDKIT           not set: docker build uses the legacy builder with client 20.10.24 and Engine 20.10.24 (no cache mounts, no parallel stages)',
        '                              fix: add `export DOCKER_BUILDKIT=1` to ~/.zshrc (and remove any line there that sets DOCKER_BUILDKIT to 0), then open a new terminal (or run `source ~/.zshrc`)',
      ].join('\n'),
    );
    expect(text).toContain('Note: the config could not be loaded');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✖ 1 required check failed, 3 warnings.');
    const json = JSON.parse(formatDoctorJson(report)) as { version: number; ok: boolean; checks: CheckResult[] };
    expect(json.version).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['env-docker-buildkit']);
  });
});

describe('project facts', () => {
  it('finds GPU services and Compose features the way the rules read the project', async () => {
    const compose = [
      'services:',
      '  pose:',
      '    build: ./pose',
      '    deploy:',
      '      resources:',
      '        reservations:',
      '          devices:',
      '            - driver: nvidia',
      '              count: 1',
      '              capabilities: [gpu]',
      '  legacy:',
      '    image: trainer:latest',
      '    runtime: nvidia',
      '  named:',
      '    image: worker:latest',
      '  web:',
      '    build:',
      '      context: ./web',
      '      additional_contexts:',
      '        base: service:base',
      '  base:',
      '    build: ./base',
      '',
    ].join('\n');
    const root = tempTree({ 'compose.yaml': compose });
    const loaded = await loadCase(root, { gpuServices: ['named'] });
    expect(projectFacts(loaded)).toEqual({ root, gpuServices: ['pose', 'legacy', 'named'], serviceContextUsers: ['web'], problem: null });
  });
});

describe('dockerlint doctor on the command line', () => {
  const io = (): { out: string[]; err: string[]; io: Parameters<typeof main>[1] } => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { cwd: process.cwd(), env: {}, stdout: (text) => out.push(text), stderr: (text) => err.push(text), isTTY: false } };
  };

  it('prints its help', async () => {
    const run = io();
    expect(await main(['doctor', '--help'], run.io)).toBe(0);
    expect(run.out.join('')).toMatch(/^Usage: dockerlint doctor \[options\]/);
  });

  it('refuses unknown options and formats (exit 2)', async () => {
    const run = io();
    expect(await main(['doctor', '--fix'], run.io)).toBe(2);
    expect(await main(['doctor', '--format', 'sarif'], run.io)).toBe(2);
    expect(run.err.join('')).toContain("unknown format 'sarif'");
  });

  it('is listed in the main help', async () => {
    const run = io();
    expect(await main(['--help'], run.io)).toBe(0);
    expect(run.out.join('')).toContain('dockerlint doctor [--format stylish|json]');
  });
});

describe('running commands', () => {
  it('never throws: a missing program, a failing one, a hanging one', async () => {
    expect(await runCommand('dockerlint-no-such-program', [])).toEqual({
      exitCode: null,
      stdout: '',
      stderr: '',
      error: 'dockerlint-no-such-program: command not found',
    });
    expect(await runCommand('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', error: null });
    const slow = await runCommand('sleep', ['5'], { timeoutMs: 200 });
    expect(slow.error).toBe('sleep 5: no answer within 0.2 s');
  });

  it('asks the client DOCKERLINT_DOCKER names, as verify does', async () => {
    const dir = tempTree({ 'my-docker': '#!/bin/sh\necho "my-docker $*"\n' });
    chmodSync(path.join(dir, 'my-docker'), 0o755);
    const machine = await probeMachine({ DOCKERLINT_DOCKER: path.join(dir, 'my-docker'), PATH: process.env.PATH ?? '' });
    expect([machine.dockerVersion.stdout, machine.buildxVersion.stdout]).toEqual(['my-docker version --format {{json .}}\n', 'my-docker buildx version\n']);
  });
});

const docker = await dockerAvailable();

describe.skipIf(!docker.ok)(dockerSuiteTitle('dockerlint doctor against the real daemon', docker), () => {
  it('sees the daemon the test harness sees', async () => {
    // The harness may pick a different client than the PATH's `docker`; put its directory first.
    const client = docker.ok ? docker.client : 'docker';
    const env = { ...process.env, PATH: `${client.slice(0, client.lastIndexOf('/'))}:${process.env.PATH ?? ''}` };
    const machine = await probeMachine(env);
    const daemon = checkDaemon(machine.dockerVersion);
    expect(daemon.status).toBe('pass');
    expect(daemon.detail).toContain(`Docker Engine ${docker.ok ? docker.server : ''} (client `);
    expect(machine.dockerInfo.exitCode).toBe(0);
    expect(checkGpuRuntime(machine.dockerInfo, project()).status).toBe('skip');
  });

  it('prints a JSON report whose exit code follows its verdict', async () => {
    const out: string[] = [];
    const code = await main(['doctor', '--format', 'json'], { cwd: tempTree({}), env: process.env, stdout: (text) => out.push(text), stderr: () => undefined, isTTY: false });
    const report = JSON.parse(out.join('')) as { ok: boolean; checks: CheckResult[] };
    expect(report.checks.map((check) => check.id)).toEqual(['daemon', 'buildkit-default', 'env-docker-buildkit', 'env-compose-docker-cli-build', 'buildx', 'compose', 'gpu-runtime', 'wsl-drive']);
    expect(code).toBe(report.ok ? 0 : 1);
  });
});
