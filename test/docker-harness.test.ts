import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BUSYBOX_IMAGE,
  buildImage,
  dockerAvailable,
  dockerSuiteTitle,
  ensureBusyboxImage,
  listFiles,
  makeTempDir,
  mapWithConcurrency,
  parseBuildSteps,
  removeImages,
  removeTempDir,
  runCommand,
  withLock,
  writeTree,
} from './helpers/docker.js';

describe('parseBuildSteps', () => {
  const log = [
    '#1 [internal] load build definition from Dockerfile',
    '#1 DONE 0.0s',
    '#4 [deps 1/3] FROM docker.io/dockerlint-test/busybox:1',
    '#4 CACHED',
    '#5 [deps 2/3] COPY package.json /app/',
    '#6 [2/2] RUN echo hi',
    '#5 CACHED',
    '#6 0.120 hi',
    '#7 [deps 3/3] RUN npm ci --omit=dev',
    '#6 [2/2] RUN echo hi',
    '#6 DONE 0.2s',
    '#8 [stage-1 1/1] COPY --from=deps /app /app',
    '#8 ERROR: failed to compute cache key',
    '#10 exporting to image',
  ].join('\n');

  it('lists stage steps once, in order, with their cache state', () => {
    expect(parseBuildSteps(log)).toEqual([
      { vertex: 4, stage: 'deps', index: 1, total: 3, instruction: 'FROM docker.io/dockerlint-test/busybox:1', cached: true },
      { vertex: 5, stage: 'deps', index: 2, total: 3, instruction: 'COPY package.json /app/', cached: true },
      { vertex: 6, stage: null, index: 2, total: 2, instruction: 'RUN echo hi', cached: false },
      { vertex: 7, stage: 'deps', index: 3, total: 3, instruction: 'RUN npm ci --omit=dev', cached: false },
      { vertex: 8, stage: 'stage-1', index: 1, total: 1, instruction: 'COPY --from=deps /app /app', cached: false },
    ]);
  });

  it('finds nothing in a log without stage steps', () => {
    expect(parseBuildSteps('#1 [internal] load .dockerignore\n#1 CACHED\n')).toEqual([]);
  });
});

describe('mapWithConcurrency and withLock', () => {
  it('keeps input order and never exceeds the limit', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([30, 10, 20, 5, 15], 2, async (delay, index) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((done) => setTimeout(done, delay));
      running--;
      return index * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
  });

  it('runs holders of the same lock one at a time', async () => {
    const events: string[] = [];
    const hold = (name: string) =>
      withLock(`dockerlint-test-lock-${process.pid}`, async () => {
        events.push(`${name} in`);
        await new Promise((done) => setTimeout(done, 30));
        events.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([hold('a'), hold('b')])).toEqual(['a', 'b']);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
  });
});

const docker = await dockerAvailable();

describe.skipIf(!docker.ok)(dockerSuiteTitle('BuildKit harness', docker), () => {
  let root = '';
  const client = docker.ok ? docker.client : 'docker';
  const containers = async () => (await runCommand(client, ['ps', '--all', '--quiet'])).stdout;
  let containersBefore = '';

  beforeAll(async () => {
    root = await makeTempDir('harness');
    containersBefore = await containers();
  });
  afterAll(async () => {
    if (root !== '') await removeTempDir(root);
  });

  it('prefers the Debian client and reports the daemon version', () => {
    expect(docker.ok && docker.server).toMatch(/^\d+\.\d+/);
    const debianClient = '/usr/bin/docker';
    const expected = process.env.DOCKERLINT_TEST_DOCKER ?? (existsSync(debianClient) ? debianClient : undefined);
    if (expected !== undefined) expect(docker.ok && docker.client).toBe(expected);
  });

  it('makes the busybox image once and reuses it', async () => {
    const [first, second] = await Promise.all([ensureBusyboxImage(), ensureBusyboxImage()]);
    expect(first).toBe(BUSYBOX_IMAGE);
    expect(second).toBe(BUSYBOX_IMAGE);
    const id = async () => (await runCommand(client, ['image', 'inspect', '--format', '{{.Id}}', BUSYBOX_IMAGE])).stdout;
    const before = await id();
    await ensureBusyboxImage();
    expect(await id()).toBe(before);
  }, 60_000);

  it('builds without a # syntax line, with args and target, and reports cached steps on a rebuild', async () => {
    await ensureBusyboxImage();
    const context = join(root, 'app');
    await writeTree(context, {
      'Dockerfile': [
        '# syntax=docker/dockerfile:1.7',
        `FROM ${BUSYBOX_IMAGE} AS deps`,
        'ARG GREETING=unset',
        'COPY manifest.txt /app/',
        'RUN echo "$GREETING" > /app/greeting && sort /app/manifest.txt > /app/sorted',
        'FROM scratch AS out',
        'COPY --from=deps /app /',
        'FROM out AS unused',
        'COPY missing-file /',
        '',
      ].join('\n'),
      'manifest.txt': 'b\na\n',
    });
    const build = () =>
      buildImage({
        context,
        dockerfile: 'Dockerfile',
        buildArgs: { GREETING: `hello ${process.pid}` },
        target: 'out',
        output: `type=local,dest=${join(root, 'out')}`,
      });
    const first = await build();
    expect(first.exitCode, first.log).toBe(0);
    expect(first.log).not.toContain('docker/dockerfile');
    expect(await listFiles(join(root, 'out'))).toEqual(['greeting', 'manifest.txt', 'sorted']);
    expect(await readFile(join(root, 'out', 'greeting'), 'utf8')).toBe(`hello ${process.pid}\n`);
    // ARG is not a step of its own; BuildKit prints RUN with the build argument expanded.
    const described = first.steps.map((step) => `${step.stage ?? ''} ${step.index}/${step.total} ${step.instruction}`);
    expect(described.sort()).toEqual([
      `deps 1/3 FROM docker.io/${BUSYBOX_IMAGE}`,
      'deps 2/3 COPY manifest.txt /app/',
      `deps 3/3 RUN echo "hello ${process.pid}" > /app/greeting && sort /app/manifest.txt > /app/sorted`,
      'out 1/1 COPY --from=deps /app /',
    ]);

    // The RUN depends on a build argument unique to this run, so it (and what copies its result) is new.
    expect(first.steps.filter((step) => step.cached).map((step) => step.instruction)).not.toContain(
      `RUN echo "hello ${process.pid}" > /app/greeting && sort /app/manifest.txt > /app/sorted`,
    );

    const second = await build();
    expect(second.exitCode, second.log).toBe(0);
    // BuildKit prints cached steps in no fixed order, and FROM of a local image as CACHED or DONE at
    // random, so the other steps are compared by stage and index.
    const cacheState = Object.fromEntries(
      second.steps
        .filter((step) => !step.instruction.startsWith('FROM '))
        .map((step) => [`${step.stage ?? ''} ${step.index}/${step.total}`, step.cached]),
    );
    expect(cacheState).toEqual({ 'deps 2/3': true, 'deps 3/3': true, 'out 1/1': true });
    expect(await containers()).toBe(containersBefore);
  }, 60_000);

  it('tags images when asked, and removes them', async () => {
    const context = join(root, 'tagged');
    await writeTree(context, { 'Dockerfile': `FROM ${BUSYBOX_IMAGE}\nRUN true\n` });
    const tag = `dockerlint-test/harness:${process.pid}`;
    try {
      const result = await buildImage({ context, dockerfile: join(context, 'Dockerfile'), tag });
      expect(result.exitCode, result.log).toBe(0);
      const inspect = await runCommand(client, ['image', 'inspect', tag]);
      expect(inspect.exitCode).toBe(0);
    } finally {
      await removeImages([tag]);
    }
    expect((await runCommand(client, ['image', 'inspect', tag])).exitCode).not.toBe(0);
  }, 60_000);

  it('returns the exit code and log of a failing build', async () => {
    const context = join(root, 'failing');
    await writeTree(context, { 'Dockerfile': `FROM ${BUSYBOX_IMAGE}\nRUN exit 3\n` });
    const result = await buildImage({ context, dockerfile: 'Dockerfile' });
    expect(result.exitCode).not.toBe(0);
    expect(result.log).toContain('exit code: 3');
    expect(result.steps.map((step) => step.instruction).sort()).toEqual([`FROM docker.io/${BUSYBOX_IMAGE}`, 'RUN exit 3']);
  }, 60_000);
});
