import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lint.js';
import type { BuildRequest, BuildRun, DockerClient } from '../../src/docker/client.js';
import { verify, type VerifyEvent } from '../../src/verify/verify.js';
import { tempTree } from '../helpers/tmp.js';

const PROBE = 'dockerlint verify: cache probe';

interface RecordedBuild {
  request: BuildRequest;
  /** The context-relative file holding the probe comment, if any. */
  editedFile: string | null;
  contextFiles: string[];
}

/** A Docker client that answers builds with canned plain-progress logs and records what it was asked. */
class FakeDocker implements DockerClient {
  readonly executable = '/fake/docker';
  readonly clientVersion = '20.10.24';
  readonly serverVersion = '20.10.24+dfsg1';
  readonly builds: RecordedBuild[] = [];
  readonly removed: string[] = [];

  constructor(
    readonly images: Set<string>,
    private readonly respond: (build: RecordedBuild) => { exitCode: number; log: string },
  ) {}

  async build(request: BuildRequest): Promise<BuildRun> {
    const contextFiles = await listFiles(request.context);
    let editedFile: string | null = null;
    for (const file of contextFiles) {
      if ((await readFile(path.join(request.context, file), 'utf8')).includes(PROBE)) editedFile = file;
    }
    const recorded = { request, editedFile, contextFiles };
    this.builds.push(recorded);
    const { exitCode, log } = this.respond(recorded);
    if (exitCode === 0) this.images.add(request.tag);
    return { exitCode, log, seconds: 1.5, command: ['/fake/docker', 'build', request.context] };
  }

  imageId(reference: string): Promise<string | null> {
    return Promise.resolve(this.images.has(reference) ? `sha256:${reference}` : null);
  }

  removeImages(references: readonly string[]): Promise<void> {
    this.removed.push(...references);
    for (const reference of references) this.images.delete(reference);
    return Promise.resolve();
  }
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

const steps = (entries: [string, 'CACHED' | 'DONE'][]): string =>
  entries.map(([step, ended], index) => `#${index + 3} ${step}\n#${index + 3} ${ended === 'CACHED' ? 'CACHED' : 'DONE 0.2s'}\n`).join('');

const API_DOCKERFILE = [
  'FROM base-shop:latest AS deps',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  '',
  'FROM deps AS build',
  'COPY src ./src',
  'RUN npm run build',
  '',
  'FROM node:20-slim AS runtime',
  'COPY --from=build /app/dist ./dist',
  'CMD ["node", "dist/server.js"]',
  '',
].join('\n');

function apiLog(edited: boolean): string {
  const state = (changes: boolean): 'CACHED' | 'DONE' => (edited && changes ? 'DONE' : 'CACHED');
  return steps([
    ['[deps 1/4] FROM docker.io/library/base-shop:latest', 'CACHED'],
    ['[deps 2/4] WORKDIR /app', 'CACHED'],
    ['[deps 3/4] COPY package.json package-lock.json ./', 'CACHED'],
    ['[deps 4/4] RUN npm ci', 'CACHED'],
    ['[build 1/2] COPY src ./src', state(true)],
    ['[build 2/2] RUN npm run build', state(true)],
    ['[runtime 1/2] FROM docker.io/library/node:20-slim', 'CACHED'],
    ['[runtime 2/2] COPY --from=build /app/dist ./dist', state(true)],
  ]);
}

const WORKER_DOCKERFILE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n';

function workerLog(edited: boolean): string {
  const state: 'CACHED' | 'DONE' = edited ? 'DONE' : 'CACHED';
  return steps([
    ['[1/4] FROM docker.io/library/node:20', 'CACHED'],
    ['[2/4] WORKDIR /app', 'CACHED'],
    ['[3/4] COPY . .', state],
    ['[4/4] RUN npm ci', state],
  ]);
}

const PROJECT = {
  // The project root (without it, a directory given on the command line is a project of its own).
  '.dockerlintrc.json': '{}\n',
  'docker-compose.yml': [
    'services:',
    '  api:',
    '    build:',
    '      context: api',
    '      target: runtime',
    '      args:',
    '        NODE_ENV: ${MODE:-production}',
    '        RELEASE: ${RELEASE}',
    '  worker:',
    '    build: worker',
    '  site:',
    '    build: site',
    '  cache:',
    '    image: redis:7',
    '',
  ].join('\n'),
  'base-shop/Dockerfile': 'FROM node:20\nRUN apt-get update && apt-get install -y git\n',
  'api/Dockerfile': API_DOCKERFILE,
  'api/.dockerignore': 'node_modules\n',
  'api/package.json': '{"name":"api"}\n',
  'api/package-lock.json': '{}\n',
  'api/src/server.ts': 'export const port = 3000;\n',
  'api/node_modules/dep/index.js': 'module.exports = 1;\n',
  'worker/Dockerfile': WORKER_DOCKERFILE,
  'worker/package.json': '{"name":"worker"}\n',
  'worker/index.js': 'console.log("work");\n',
  'site/Dockerfile': 'FROM nginx:1.27\nCOPY public /usr/share/nginx/html\n',
  'site/public/index.html': '<p>hi</p>\n',
};

function respondByDockerfile(build: RecordedBuild): { exitCode: number; log: string } {
  const dockerfile = readFileSync(build.request.dockerfile, 'utf8');
  if (dockerfile === API_DOCKERFILE) return { exitCode: 0, log: apiLog(build.editedFile !== null) };
  if (dockerfile === WORKER_DOCKERFILE) return { exitCode: 0, log: workerLog(build.editedFile !== null) };
  return { exitCode: 0, log: '#1 [1/2] FROM docker.io/library/node:20\n#1 DONE 0.1s\n' };
}

describe('verify with a fake Docker client', () => {
  it('builds the missing base first, passes the layered service, fails the COPY . . one, and touches nothing of the user', async () => {
    const root = tempTree(PROJECT);
    const docker = new FakeDocker(new Set(), respondByDockerfile);
    const events: string[] = [];
    const onProgress = (event: VerifyEvent): void => {
      if (event.kind === 'build') events.push(`${event.name} ${event.phase}`);
      if (event.kind === 'done') events.push(`${event.verification.name} ${event.verification.status}`);
    };
    const result = await verify({ cwd: root, docker, onProgress, env: {}, probes: ['source-edit'] });

    expect(events).toEqual([
      'base-shop:latest base',
      'api warm',
      'api edited',
      'worker warm',
      'worker edited',
      'api pass',
      'worker fail',
      'site skipped',
    ]);
    expect(result.ok).toBe(false);
    expect(result.docker).toEqual({ client: '/fake/docker', clientVersion: '20.10.24', serverVersion: '20.10.24+dfsg1' });
    expect(result.baseImages).toEqual([
      {
        image: 'base-shop:latest',
        root,
        dockerfile: 'base-shop/Dockerfile',
        context: 'base-shop',
        target: null,
        status: 'built',
        command: 'docker build -t base-shop:latest base-shop',
        seconds: 1.5,
        reason: null,
        hints: [],
        log: [],
      },
    ]);

    const [api, worker, site] = result.services;
    expect(api).toMatchObject({
      name: 'api',
      service: 'api',
      dockerfile: 'api/Dockerfile',
      context: 'api',
      target: 'runtime',
      status: 'pass',
      reason: 'source-edit: the dependency install `RUN npm ci` (line 4) stayed CACHED after editing src/server.ts',
      problems: [],
      baseImages: ['base-shop:latest'],
      edit: {
        file: 'api/src/server.ts',
        contextFile: 'src/server.ts',
        description: expect.stringMatching(/^appended the comment line `\/\/ dockerlint verify: cache probe [0-9a-f]{16}`$/) as unknown,
        copiedBy: ['[build 1/2] COPY src ./src (line 7)'],
      },
      builds: { warm: { seconds: 1.5, exitCode: 0 }, edited: { seconds: 1.5, exitCode: 0 } },
    });
    expect(api?.steps.map((step) => `${step.step} ${step.role} ${step.warm}→${step.edited}`)).toEqual([
      '[deps 1/4] from cached→cached',
      '[deps 2/4] before-install cached→cached',
      '[deps 3/4] before-install cached→cached',
      '[deps 4/4] install cached→cached',
      '[build 1/2] copies-edit cached→rebuilt',
      '[build 2/2] other cached→rebuilt',
      '[runtime 1/2] from cached→cached',
      '[runtime 2/2] other cached→rebuilt',
    ]);
    expect(worker).toMatchObject({
      status: 'fail',
      reason: 'source-edit: step 4/4 `RUN npm ci` (line 4) was rebuilt after editing index.js: it comes after `COPY . .` (line 3), which copies that file',
      edit: { file: 'worker/index.js', contextFile: 'index.js' },
    });
    expect(site).toMatchObject({ status: 'skipped', builds: { warm: null, edited: null } });
    expect(site?.reason).toMatch(/^no dependency install in the stages built \(looked for apt-get/);

    // Builds ran on private snapshots: the .dockerignore applied, the edit only in the second build.
    const apiBuilds = docker.builds.filter((build) => build.request.tag.startsWith('dockerlint-verify/api:'));
    expect(apiBuilds.map((build) => [build.editedFile, build.request.target, [...build.request.buildArgs], build.request.network])).toEqual([
      [null, 'runtime', [['NODE_ENV', 'production'], ['RELEASE', '']], null],
      ['src/server.ts', 'runtime', [['NODE_ENV', 'production'], ['RELEASE', '']], null],
    ]);
    expect(apiBuilds[0]?.contextFiles).toEqual(['.dockerignore', 'Dockerfile', 'package-lock.json', 'package.json', 'src/server.ts']);
    expect(apiBuilds[0]?.request.context.startsWith(root)).toBe(false);
    expect(apiBuilds[0]?.request.dockerfile).toBe(path.join(apiBuilds[0]?.request.context ?? '', 'Dockerfile'));
    expect(existsSync(apiBuilds[0]?.request.context ?? root)).toBe(false);
    expect(readFileSync(path.join(root, 'api/src/server.ts'), 'utf8')).toBe(PROJECT['api/src/server.ts']);
    expect(readFileSync(path.join(root, 'worker/index.js'), 'utf8')).toBe(PROJECT['worker/index.js']);
    // Only the check's own tags are removed; the base image built for it stays.
    expect(docker.removed.sort()).toEqual(docker.builds.map((build) => build.request.tag).filter((tag) => tag.startsWith('dockerlint-verify/')).sort());
    expect(docker.removed).toHaveLength(4);
    expect([...docker.images]).toEqual(['base-shop:latest']);
  });

  it('says which base image to build instead of building it with buildBases: false', async () => {
    const root = tempTree(PROJECT);
    const docker = new FakeDocker(new Set(), respondByDockerfile);
    const result = await verify({ cwd: root, docker, buildBases: false, services: ['api'] });
    expect(docker.builds).toEqual([]);
    expect(result.services[0]).toMatchObject({
      status: 'error',
      reason: 'needs the local image base-shop:latest, which is not built. Build it first: docker build -t base-shop:latest base-shop',
    });
    expect(result.baseImages.map((base) => [base.image, base.status])).toEqual([['base-shop:latest', 'missing']]);
  });

  it('builds a chain of missing bases in order, or names all of them', async () => {
    const root = tempTree({
      '.dockerlintrc.json': '{}\n',
      'docker-compose.yml': 'services:\n  app:\n    build: app\n',
      'base-a/Dockerfile': 'FROM node:20\nRUN apt-get install -y git\n',
      'base-b/Dockerfile': 'FROM base-a:latest\nRUN npm install -g pnpm\n',
      'app/Dockerfile': WORKER_DOCKERFILE.replace('FROM node:20', 'FROM base-b:latest'),
      'app/index.js': '1;\n',
    });
    const listing = new FakeDocker(new Set(), respondByDockerfile);
    const told = await verify({ cwd: root, docker: listing, buildBases: false });
    expect(listing.builds).toEqual([]);
    expect(told.services[0]?.reason).toBe(
      'needs the local image base-b:latest, which is not built. Build these first: docker build -t base-a:latest base-a && docker build -t base-b:latest base-b',
    );
    const building = new FakeDocker(new Set(), (build) =>
      build.request.tag.startsWith('dockerlint-verify/') ? { exitCode: 0, log: workerLog(build.editedFile !== null) } : respondByDockerfile(build),
    );
    const built = await verify({ cwd: root, docker: building, probes: ['source-edit'] });
    expect(building.builds.map((build) => build.request.tag.replace(/:\w+-(warm|edited)-\d+$/, ' $1'))).toEqual([
      'base-a:latest',
      'base-b:latest',
      'dockerlint-verify/app warm',
      'dockerlint-verify/app edited',
    ]);
    expect(built.baseImages.map((base) => [base.image, base.status])).toEqual([
      ['base-a:latest', 'built'],
      ['base-b:latest', 'built'],
    ]);
    expect(built.services[0]?.status).toBe('fail');
  });

  it('never edits through a symlink, which could lead to the user\'s files', async () => {
    const root = tempTree({
      '.dockerlintrc.json': '{}\n',
      'docker-compose.yml': 'services:\n  app:\n    build: app\n',
      'app/Dockerfile': WORKER_DOCKERFILE,
      'app/package.json': '{}\n',
      'app/src/other.ts': 'export {};\n',
      'shared/index.ts': 'export const shared = 1;\n',
    });
    symlinkSync(path.join(root, 'shared/index.ts'), path.join(root, 'app/src/index.ts'));
    const docker = new FakeDocker(new Set(), (build) => ({ exitCode: 0, log: workerLog(build.editedFile !== null) }));
    const result = await verify({ cwd: root, docker });
    expect(result.services[0]?.edit?.contextFile).toBe('src/other.ts');
    expect(readFileSync(path.join(root, 'shared/index.ts'), 'utf8')).toBe('export const shared = 1;\n');
  });

  it.each([
    ['worker', 'worker/index.js', 'fail', null],
    ['worker', 'worker/package.json', 'error', 'cannot edit worker/package.json: it is a dependency manifest, and editing one must rebuild the install'],
    ['worker', 'worker/Dockerfile', 'error', 'cannot edit worker/Dockerfile: no step of the build copies it (or it is a Dockerfile or ignore file)'],
    ['api', 'api/node_modules/dep/index.js', 'error', 'cannot edit api/node_modules/dep/index.js: BuildKit does not receive it (missing, or excluded by the ignore file)'],
    ['api', 'worker/index.js', 'error', 'cannot edit worker/index.js: it is outside the build context'],
  ])('edits the file the user names: %s, %s', async (service, edit, status, reason) => {
    const root = tempTree(PROJECT);
    const docker = new FakeDocker(new Set(['base-shop:latest']), respondByDockerfile);
    const [verification] = (await verify({ cwd: root, docker, services: [service], edit })).services;
    expect(verification?.status).toBe(status);
    if (reason === null) expect(verification?.edit?.file).toBe(edit);
    else expect([verification?.reason, docker.builds.length]).toEqual([reason, 0]);
  });

  it('stops before building when cancelled', async () => {
    const root = tempTree(PROJECT);
    const docker = new FakeDocker(new Set(), respondByDockerfile);
    const controller = new AbortController();
    controller.abort();
    await expect(verify({ cwd: root, docker, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(docker.builds).toEqual([]);
  });

  it('uses a base image that is present without building it', async () => {
    const root = tempTree(PROJECT);
    const docker = new FakeDocker(new Set(['base-shop:latest']), respondByDockerfile);
    const result = await verify({ cwd: root, docker, services: ['api'], network: 'host', env: { MODE: 'development', RELEASE: '7' }, probes: ['source-edit'] });
    expect(docker.builds.map((build) => [build.request.tag.replace(/:\w+-(\w+)-\d+$/, ':…-$1'), build.request.network, Object.fromEntries(build.request.buildArgs)])).toEqual([
      ['dockerlint-verify/api:…-warm', 'host', { NODE_ENV: 'development', RELEASE: '7' }],
      ['dockerlint-verify/api:…-edited', 'host', { NODE_ENV: 'development', RELEASE: '7' }],
    ]);
    expect(result.baseImages.map((base) => [base.image, base.status])).toEqual([['base-shop:latest', 'present']]);
    expect(result.ok).toBe(true);
  });

  it('reports a failed build with its log and a hint', async () => {
    const root = tempTree(PROJECT);
    const failing = '#4 [2/4] WORKDIR /app\n#4 DONE 0.1s\n#5 [3/4] COPY . .\n#5 DONE 0.1s\n#6 [4/4] RUN npm ci\n#6 ERROR: executor failed running [/bin/sh -c npm ci]: network bridge not found\n';
    const docker = new FakeDocker(new Set(), () => ({ exitCode: 1, log: failing }));
    const result = await verify({ cwd: root, docker, services: ['worker'] });
    expect(result.services[0]).toMatchObject({
      status: 'error',
      reason: 'the build before the edit failed: executor failed running [/bin/sh -c npm ci]: network bridge not found',
      hints: ['RUN steps have no network: the daemon runs without a default bridge network (dockerd --bridge=none). Run verify with --network host.'],
      builds: { edited: null },
    });
    expect(result.services[0]?.log).toHaveLength(6);
    expect(docker.builds).toHaveLength(1);
  });

  it('selects by service name, path and Dockerfile, and suggests a name on a typo', async () => {
    const root = tempTree(PROJECT);
    const names = async (options: Parameters<typeof verify>[0]): Promise<string[]> =>
      (await verify({ cwd: root, docker: new FakeDocker(new Set(['base-shop:latest']), respondByDockerfile), ...options })).services.map((entry) => entry.name);
    expect(await names({ paths: ['worker'] })).toEqual(['worker']);
    expect(await names({ paths: ['docker-compose.yml'], services: ['site', 'worker'] })).toEqual(['worker', 'site']);
    // A base image's Dockerfile is verified when named; nothing of the context is copied after its install.
    expect(await names({ paths: ['base-shop/Dockerfile'] })).toEqual(['base-shop/Dockerfile']);
    await expect(verify({ cwd: root, docker: new FakeDocker(new Set(), respondByDockerfile), services: ['wroker'] })).rejects.toThrow(
      new UsageError("no compose service with a build named 'wroker'. Did you mean 'worker'?"),
    );
    await expect(verify({ cwd: root, docker: new FakeDocker(new Set(), respondByDockerfile), paths: ['api/package.json'] })).rejects.toThrow(UsageError);
  });

  it('verifies a service whose image another selected service starts from first', async () => {
    const root = tempTree({
      'docker-compose.yml': 'services:\n  web:\n    build: web\n  api:\n    image: shop-api:latest\n    build: api\n',
      'web/Dockerfile': 'FROM shop-api:latest\nCOPY . /web\nRUN npm ci\n',
      'web/index.js': '1;\n',
      'api/Dockerfile': WORKER_DOCKERFILE,
      'api/index.js': '2;\n',
    });
    const docker = new FakeDocker(new Set(), () => ({ exitCode: 0, log: '' }));
    const events: string[] = [];
    const onProgress = (event: VerifyEvent): void => {
      if (event.kind === 'build') events.push(`${event.name} ${event.phase}`);
    };
    await verify({ cwd: root, docker, services: ['web', 'api'], onProgress, probes: ['source-edit'] });
    expect(events).toEqual(['api warm', 'api edited', 'shop-api:latest base', 'web warm', 'web edited']);
  });
});
