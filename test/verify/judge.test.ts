import { describe, expect, it } from 'vitest';
import { targetStage } from '../../src/project/graph.js';
import { judge, matchSteps } from '../../src/verify/judge.js';
import { planBuild, type BuildPlan } from '../../src/verify/plan.js';
import { parseProgress } from '../../src/verify/progress.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

async function planOf(dockerfile: string, target: string | null = null): Promise<BuildPlan> {
  const project = await loadCase(tempTree({ Dockerfile: dockerfile }));
  const doc = project.dockerfiles[0];
  const stage = doc && targetStage(doc, target);
  if (!doc || !stage) throw new Error('no stage');
  return planBuild(doc, stage, project.graph, new Map());
}

/** A plain-progress log: one `[label i/n] instruction` step per entry, ended CACHED or DONE. */
function log(steps: [label: string, instruction: string, ended: 'CACHED' | 'DONE'][]): string {
  return steps
    .map(([label, instruction, ended], position) => `#${position + 5} ${label} ${instruction}\n#${position + 5} ${ended === 'DONE' ? 'DONE 0.4s' : 'CACHED'}\n`)
    .join('\n');
}

// The layout the policy forbids: the whole context is copied before the install.
const COPY_ALL_FIRST = [
  'FROM node:20',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'ENV NODE_ENV=production',
  '# everything, before the install: the mistake',
  'ARG VERSION',
  'COPY . .',
  'RUN npm ci',
  'RUN npm run build',
  'RUN npm prune --omit=dev',
  'WORKDIR /srv',
  'RUN cp -r /app/dist /srv/',
  'CMD ["node", "dist/server.js"]',
  '',
].join('\n');

const COPY_ALL_FIRST_WARM = log([
  ['[1/9]', 'FROM docker.io/library/node:20', 'DONE'],
  ['[2/9]', 'WORKDIR /app', 'CACHED'],
  ['[3/9]', 'COPY package.json package-lock.json ./', 'CACHED'],
  ['[4/9]', 'COPY . .', 'CACHED'],
  ['[5/9]', 'RUN npm ci', 'CACHED'],
  ['[6/9]', 'RUN npm run build', 'CACHED'],
  ['[7/9]', 'RUN npm prune --omit=dev', 'CACHED'],
  ['[8/9]', 'WORKDIR /srv', 'CACHED'],
  ['[9/9]', 'RUN cp -r /app/dist /srv/', 'CACHED'],
]);

const COPY_ALL_FIRST_EDITED = log([
  ['[1/9]', 'FROM docker.io/library/node:20', 'CACHED'],
  ['[2/9]', 'WORKDIR /app', 'CACHED'],
  ['[3/9]', 'COPY package.json package-lock.json ./', 'CACHED'],
  ['[4/9]', 'COPY . .', 'DONE'],
  ['[5/9]', 'RUN npm ci', 'DONE'],
  ['[6/9]', 'RUN npm run build', 'DONE'],
  ['[7/9]', 'RUN npm prune --omit=dev', 'DONE'],
  ['[8/9]', 'WORKDIR /srv', 'DONE'],
  ['[9/9]', 'RUN cp -r /app/dist /srv/', 'DONE'],
]);

const LAYERED = [
  'FROM base-node:latest AS deps',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN --mount=type=cache,target=/root/.npm \\',
  '    npm ci --no-audit --no-fund',
  '',
  'FROM deps AS build',
  'COPY tsconfig.json ./',
  'COPY src ./src',
  'RUN npm run build',
  '',
  'FROM base-node-runtime:latest AS runtime',
  'WORKDIR /app',
  'COPY --from=build /app/package.json ./package.json',
  'COPY --from=build /app/dist ./dist',
  'CMD ["node", "dist/server.js"]',
  '',
].join('\n');

// Recorded from a rebuild of the API after editing src/app.ts (README), FROM steps as BuildKit names them.
const LAYERED_EDITED = `#7 [deps 1/4] FROM docker.io/library/base-node:latest
#8 [deps 2/4] WORKDIR /app
#8 CACHED
#10 [deps 3/4] COPY package.json package-lock.json ./
#10 CACHED
#11 [deps 4/4] RUN --mount=type=cache,target=/root/.npm     npm ci --no-audit --no-fund
#11 CACHED
#12 [build 1/3] COPY tsconfig.json ./
#12 CACHED
#13 [build 2/3] COPY src ./src
#13 DONE 0.0s
#14 [build 3/3] RUN npm run build
#14 DONE 3.1s
#6 [runtime 1/4] FROM docker.io/library/base-node-runtime:latest
#6 CACHED
#9 [runtime 2/4] WORKDIR /app
#9 CACHED
#15 [runtime 3/4] COPY --from=build /app/package.json ./package.json
#15 CACHED
#16 [runtime 4/4] COPY --from=build /app/dist ./dist
#16 DONE 0.0s
`;

describe('judge', () => {
  it('fails a COPY . . before npm ci, naming the install and the COPY that busts it', async () => {
    const plan = await planOf(COPY_ALL_FIRST);
    const judgement = judge(plan, parseProgress(COPY_ALL_FIRST_WARM), parseProgress(COPY_ALL_FIRST_EDITED), 'src/server.ts');
    expect(judgement.verdict).toBe('fail');
    expect(judgement.reason).toBe('step 5/9 `RUN npm ci` (line 8) was rebuilt after editing src/server.ts: it comes after `COPY . .` (line 7), which copies that file');
    expect(judgement.problems).toEqual([judgement.reason]);
    expect(judgement.steps.map((step) => [step.planned.index, step.warm, step.edited, step.readsEditedFile, step.planned.mustStayCached])).toEqual([
      [1, 'rebuilt', 'cached', false, true],
      [2, 'cached', 'cached', false, true],
      [3, 'cached', 'cached', false, true],
      [4, 'cached', 'rebuilt', true, true],
      [5, 'cached', 'rebuilt', false, true],
      [6, 'cached', 'rebuilt', false, false],
      [7, 'cached', 'rebuilt', false, false],
      [8, 'cached', 'rebuilt', false, false],
      [9, 'cached', 'rebuilt', false, false],
    ]);
    expect(judgement.unplanned).toEqual([]);
  });

  it('passes the layered Dockerfile when the deps stage stays CACHED', async () => {
    const plan = await planOf(LAYERED, 'runtime');
    const judgement = judge(plan, parseProgress(LAYERED_EDITED), parseProgress(LAYERED_EDITED), 'src/app.ts');
    expect(judgement.verdict).toBe('pass');
    expect(judgement.reason).toBe('the dependency install `RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund` (line 4) stayed CACHED after editing src/app.ts');
    expect(judgement.steps.filter((step) => step.readsEditedFile).map((step) => [step.planned.label, step.planned.index, step.edited])).toEqual([['build', 2, 'rebuilt']]);
    expect(judgement.steps.find((step) => step.planned.label === 'build' && step.planned.index === 3)?.editedSeconds).toBe(3.1);
  });

  it('reports that nothing was proven when the step copying the edited file stayed CACHED', async () => {
    const plan = await planOf(LAYERED, 'runtime');
    const unchanged = LAYERED_EDITED.replace('#13 DONE 0.0s', '#13 CACHED');
    const judgement = judge(plan, parseProgress(unchanged), parseProgress(unchanged), 'src/app.ts');
    expect(judgement.verdict).toBe('error');
    expect(judgement.reason).toBe(
      'no step that copies src/app.ts was rebuilt, so BuildKit did not see the edit and the run proves nothing (step build 2/3 `COPY src ./src` (line 9): cached)',
    );
  });

  it('cannot judge an install that is missing from the log', async () => {
    const plan = await planOf(LAYERED, 'runtime');
    const withoutInstall = LAYERED_EDITED.replace(/#11 .*\n#11 CACHED\n/, '');
    const judgement = judge(plan, [], parseProgress(withoutInstall), 'src/app.ts');
    expect(judgement.verdict).toBe('error');
    expect(judgement.reason).toBe(
      "step deps 4/4 `RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund` (line 4) does not appear in BuildKit's log of the rebuild, so it cannot be judged",
    );
  });

  it('explains an install rebuilt because a stage it builds on copies the edited file', async () => {
    const plan = await planOf(['FROM node:20 AS source', 'WORKDIR /app', 'COPY . .', '', 'FROM source AS deps', 'RUN npm ci', ''].join('\n'), 'deps');
    const edited = log([
      ['[source 1/3]', 'FROM docker.io/library/node:20', 'CACHED'],
      ['[source 2/3]', 'WORKDIR /app', 'CACHED'],
      ['[source 3/3]', 'COPY . .', 'DONE'],
      ['[deps 1/1]', 'RUN npm ci', 'DONE'],
    ]);
    expect(judge(plan, [], parseProgress(edited), 'lib/a.js').reason).toBe(
      'step deps 1/1 `RUN npm ci` (line 6) was rebuilt after editing lib/a.js: it builds on stage source, whose `COPY . .` (line 3) copies that file',
    );
  });

  it('passes when a rerun before the install is absorbed by the content-keyed COPY cache', async () => {
    const plan = await planOf(['FROM node:20 AS source', 'COPY . /src', '', 'FROM node:20 AS deps', 'COPY --from=source /src/package.json ./', 'RUN npm ci', 'COPY --from=source /src ./', ''].join('\n'), 'deps');
    const edited = log([
      ['[source 1/2]', 'FROM docker.io/library/node:20', 'CACHED'],
      ['[source 2/2]', 'COPY . /src', 'DONE'],
      ['[deps 2/4]', 'COPY --from=source /src/package.json ./', 'CACHED'],
      ['[deps 3/4]', 'RUN npm ci', 'CACHED'],
      ['[deps 4/4]', 'COPY --from=source /src ./', 'DONE'],
    ]);
    const judgement = judge(plan, [], parseProgress(edited), 'index.js');
    expect(judgement.verdict).toBe('pass');
    expect(judgement.steps.find((step) => step.planned.text === 'COPY . /src')?.planned.mustStayCached).toBe(true);
  });

  it('names a bind mount of the context as the cause', async () => {
    const plan = await planOf(['FROM python:3.12', 'RUN --mount=type=bind,target=/src pip install /src', ''].join('\n'));
    const edited = log([
      ['[1/2]', 'FROM docker.io/library/python:3.12', 'CACHED'],
      ['[2/2]', 'RUN --mount=type=bind,target=/src pip install /src', 'DONE'],
    ]);
    expect(judge(plan, [], parseProgress(edited), 'app/main.py').reason).toBe(
      'step 2/2 `RUN --mount=type=bind,target=/src pip install /src` (line 2) was rebuilt after editing app/main.py: it bind-mounts . from the context, which holds that file',
    );
  });
});

describe('matchSteps', () => {
  it('matches by stage label and number when the keyword agrees, else by the instruction text', async () => {
    const plan = await planOf(['FROM node:20 AS a', 'WORKDIR /app', 'RUN npm ci', 'FROM node:20 AS b', 'WORKDIR /app', 'RUN echo b', ''].join('\n'), 'b');
    const matched = matchSteps(plan, parseProgress('#3 [b 2/3] WORKDIR /app\n#3 CACHED\n#4 [zzz 9/9] RUN echo b\n#4 DONE 0.1s\n#5 [b 3/3] COPY x y\n'));
    expect([...matched].map(([id, step]) => [plan.steps[id]?.text, step.vertex])).toEqual([
      ['WORKDIR /app', 3],
      ['RUN echo b', 4],
    ]);
  });
});
