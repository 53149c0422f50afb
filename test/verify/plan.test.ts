import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/project/model.js';
import { targetStage } from '../../src/project/graph.js';
import { planBuild, readsFile, type BuildPlan } from '../../src/verify/plan.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

async function plan(files: Record<string, string>, dockerfilePath = 'Dockerfile', target: string | null = null, buildArgs: Record<string, string | null> = {}): Promise<{ project: Project; plan: BuildPlan }> {
  const project = await loadCase(tempTree(files));
  const dockerfile = project.dockerfiles.find((doc) => doc.source.path === dockerfilePath);
  const stage = dockerfile && targetStage(dockerfile, target);
  if (!dockerfile || !stage) throw new Error('no stage');
  return { project, plan: planBuild(dockerfile, stage, project.graph, new Map(Object.entries(buildArgs))) };
}

const summary = (built: BuildPlan): string[] =>
  built.steps.map((step) => `${step.label === null ? '' : `${step.label} `}${step.index}/${step.total} ${step.text}`);

describe('planBuild numbering', () => {
  it("numbers steps exactly as BuildKit 20.10's log did for the same Dockerfile", async () => {
    const { plan: built } = await plan({
      Dockerfile: [
        'FROM dockerlint-test/busybox:1 AS deps',
        'WORKDIR /app',
        'ENV A=1',
        'COPY a.txt ./',
        'RUN echo deps > /deps',
        '',
        'FROM deps AS build',
        'COPY b.txt ./',
        'RUN cat b.txt',
        '',
        'FROM scratch AS empty',
        'COPY c.txt /',
        '',
        'FROM dockerlint-test/busybox:1',
        'COPY --from=build /app/b.txt /b',
        'COPY --from=empty /c.txt /c',
        'RUN --mount=type=bind,from=deps,source=/deps,target=/d cat /d',
        'USER root',
        'CMD ["sh"]',
        '',
      ].join('\n'),
    });
    // Recorded: #13 [deps 1/4] FROM …, [deps 2/4] WORKDIR /app, [deps 3/4] COPY a.txt ./, [deps 4/4] RUN …,
    // [build 1/2] COPY b.txt ./, [build 2/2] RUN cat b.txt, [empty 1/1] COPY c.txt /, [stage-3 2/4] … [stage-3 4/4].
    expect(summary(built)).toEqual([
      'deps 1/4 FROM dockerlint-test/busybox:1 AS deps',
      'deps 2/4 WORKDIR /app',
      'deps 3/4 COPY a.txt ./',
      'deps 4/4 RUN echo deps > /deps',
      'build 1/2 COPY b.txt ./',
      'build 2/2 RUN cat b.txt',
      'empty 1/1 COPY c.txt /',
      'stage-3 1/4 FROM dockerlint-test/busybox:1',
      'stage-3 2/4 COPY --from=build /app/b.txt /b',
      'stage-3 3/4 COPY --from=empty /c.txt /c',
      'stage-3 4/4 RUN --mount=type=bind,from=deps,source=/deps,target=/d cat /d',
    ]);
    expect(built.installSteps).toEqual([]);
  });

  it('leaves out the stage label in a one-stage Dockerfile, joins continuations and upper-cases keywords', async () => {
    const { plan: built } = await plan({
      Dockerfile: ['FROM node:20 AS only', 'workdir /app', 'RUN echo one \\', '    # a comment', '    && echo   two', 'RUN ["npm", "ci"]', ''].join('\n'),
    });
    expect(summary(built)).toEqual(['1/4 FROM node:20 AS only', '2/4 WORKDIR /app', '3/4 RUN echo one && echo two', '4/4 RUN ["npm", "ci"]']);
    expect(built.installSteps.map((step) => [step.index, step.installs.map((install) => install.manager)])).toEqual([[4, ['npm']]]);
  });

  it('builds only the stages the target needs', async () => {
    const { plan: built } = await plan(
      {
        Dockerfile: ['FROM node:20 AS deps', 'RUN npm ci', 'FROM node:20 AS unused', 'RUN echo', 'FROM deps AS app', 'COPY . .', 'FROM node:20 AS last', ''].join('\n'),
      },
      'Dockerfile',
      'app',
    );
    expect(built.stages.map((stage) => stage.name)).toEqual(['deps', 'app']);
    expect(summary(built)).toEqual(['deps 1/2 FROM node:20 AS deps', 'deps 2/2 RUN npm ci', 'app 1/1 COPY . .']);
  });
});

describe('planBuild dependencies', () => {
  const files = {
    'base-tools/Dockerfile': 'FROM node:20\nRUN apt-get update && apt-get install -y git\n',
    'app/Dockerfile': [
      'FROM base-tools:latest AS deps',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      '',
      'FROM deps AS build',
      'ARG SRC=src',
      'COPY ${SRC} ./src',
      'RUN npm run build',
      '',
      'FROM node:20-slim AS runtime',
      'COPY --from=deps /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
      'ADD https://example.invalid/x.tgz /opt/',
      'RUN --mount=type=bind,source=scripts,target=/s /s/check',
      '',
    ].join('\n'),
  };

  it('marks the installs and every step they build on as must-stay-cached', async () => {
    const { plan: built } = await plan(files, 'app/Dockerfile', 'runtime');
    expect(built.steps.map((step) => [step.text, step.mustStayCached])).toEqual([
      ['FROM base-tools:latest AS deps', true],
      ['WORKDIR /app', true],
      ['COPY package.json package-lock.json ./', true],
      ['RUN npm ci', true],
      ['COPY ${SRC} ./src', false],
      ['RUN npm run build', false],
      ['FROM node:20-slim AS runtime', false],
      ['COPY --from=deps /app/node_modules ./node_modules', false],
      ['COPY --from=build /app/dist ./dist', false],
      ['ADD https://example.invalid/x.tgz /opt/', false],
      ['RUN --mount=type=bind,source=scripts,target=/s /s/check', false],
    ]);
  });

  it('knows what each step builds on, across stages', async () => {
    const { plan: built } = await plan(files, 'app/Dockerfile', 'runtime');
    const text = (ids: ReadonlySet<number>): string[] => [...ids].sort((a, b) => a - b).map((id) => built.steps[id]?.text ?? '');
    const copyDist = built.steps.find((step) => step.text.startsWith('COPY --from=build'));
    expect(text(copyDist?.upstream ?? new Set())).toEqual([
      'FROM base-tools:latest AS deps',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY ${SRC} ./src',
      'RUN npm run build',
      'FROM node:20-slim AS runtime',
      'COPY --from=deps /app/node_modules ./node_modules',
    ]);
  });

  it('reads context sources with ARGs expanded, skips URLs, and sees RUN bind mounts', async () => {
    const { plan: built } = await plan(files, 'app/Dockerfile', 'runtime', { SRC: 'lib' });
    expect(built.steps.flatMap((step) => step.contextReads.map((read) => [step.index, read.written, read.pattern]))).toEqual([
      [3, 'package.json', 'package.json'],
      [3, 'package-lock.json', 'package-lock.json'],
      [1, '${SRC}', 'lib'],
      [5, 'scripts', 'scripts'],
    ]);
    const defaulted = await plan(files, 'app/Dockerfile', 'runtime');
    expect(defaulted.plan.steps.find((step) => step.text === 'COPY ${SRC} ./src')?.contextReads).toEqual([{ written: '${SRC}', pattern: 'src' }]);
  });

  it('names the local base images the build starts from', async () => {
    const { plan: built } = await plan(files, 'app/Dockerfile', 'runtime');
    expect(built.localImages.map((producer) => [producer.image, producer.dockerfile.source.path, producer.via])).toEqual([
      ['base-tools:latest', 'base-tools/Dockerfile', 'directory'],
    ]);
  });

  it('treats a source with an unknown variable as reading anything', async () => {
    const { plan: built } = await plan({ Dockerfile: 'FROM node:20\nCOPY $UNSET ./\nRUN --mount=type=bind,target=/src npm ci\n' });
    expect(built.steps.flatMap((step) => step.contextReads)).toEqual([
      { written: '$UNSET', pattern: null },
      { written: '.', pattern: '' },
    ]);
  });
});

describe('readsFile', () => {
  it.each([
    ['', 'src/a.ts', true],
    ['src', 'src/a.ts', true],
    ['src', 'src', true],
    ['src', 'srcx/a.ts', false],
    ['src/a.ts', 'src/a.ts', true],
    ['*.json', 'package.json', true],
    ['*.json', 'config/app.json', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/deep/a.ts', false],
    ['s*', 'src/deep/a.ts', true],
    ['package*.json', 'package-lock.json', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['[a-c]pp', 'bpp/x', true],
    ['[^a-c]pp', 'bpp/x', false],
    ['[^a-c]pp', 'dpp/x', true],
    ['weird\\*name', 'weird*name', true],
    ['weird\\*name', 'weirdXname', false],
  ])('pattern %j reads %j: %s', (pattern, file, expected) => {
    expect(readsFile({ written: pattern, pattern }, file)).toBe(expected);
  });

  it('reads everything when the pattern is unknown', () => {
    expect(readsFile({ written: '$X', pattern: null }, 'any/file')).toBe(true);
  });
});
