/**
 * `dockerlint verify` against a real BuildKit: a small Node service whose deps stage runs a real
 * `npm ci` (one registry package), on a locally made Node stand-in base (test/helpers/node-standin.ts).
 * The layered layout must pass; `COPY . .` before `npm ci` must fail, naming the step. Skipped, with
 * the reason, when there is no Docker daemon or the stand-in cannot be made here.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { verify, type VerifyResult } from '../../src/verify/verify.js';
import { makeTempDir, removeImages, removeTempDir, writeTree } from '../helpers/docker.js';
import { ensureNodeImage, nodeStandInProblem } from '../helpers/node-standin.js';

const problem = await nodeStandInProblem();
const title = 'verify with a real BuildKit';
if (problem !== null) console.warn(`[docker tests skipped] ${title}: ${problem}`);

/** The lockfile npm writes for `ms@2.1.3`, without `resolved` URLs: `npm ci` uses the configured registry. */
const LOCKFILE = {
  name: 'verify-fixture',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'verify-fixture', version: '1.0.0', dependencies: { ms: '2.1.3' } },
    'node_modules/ms': {
      version: '2.1.3',
      integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
      license: 'MIT',
    },
  },
};

function nodeService(): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: 'verify-fixture', version: '1.0.0', private: true, type: 'module', dependencies: { ms: '2.1.3' } }, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(LOCKFILE, null, 2)}\n`,
    'src/server.js': "import ms from 'ms';\n\nconsole.log(`up for ${ms(90_000)}`);\n",
    '.dockerignore': 'node_modules\n',
  };
}

function fixture(base: string): Record<string, string> {
  const good = nodeService();
  const bad = nodeService();
  return {
    '.dockerlintrc.json': '{}\n',
    'docker-compose.yml': ['services:', '  good:', '    build:', '      context: good', '      target: runtime', '  bad:', '    build: bad', ''].join('\n'),
    [`${base}/Dockerfile`]: 'FROM NODE_IMAGE\nRUN node --version > /node-version\n',
    ...Object.fromEntries(Object.entries(good).map(([file, text]) => [`good/${file}`, text])),
    'good/Dockerfile': [
      `FROM ${base}:latest AS deps`,
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci --no-audit --no-fund',
      '',
      'FROM deps AS build',
      'COPY src ./src',
      'RUN mkdir -p dist && cp src/*.js dist/ && node dist/server.js',
      '',
      `FROM ${base}:latest AS runtime`,
      // Not /app: the same WORKDIR on the same base as in deps would be one shared BuildKit step.
      'WORKDIR /srv',
      'COPY --from=deps /app/node_modules ./node_modules',
      'COPY --from=build /app/package.json ./',
      'COPY --from=build /app/dist ./dist',
      'CMD ["node", "dist/server.js"]',
      '',
    ].join('\n'),
    ...Object.fromEntries(Object.entries(bad).map(([file, text]) => [`bad/${file}`, text])),
    'bad/Dockerfile': [`FROM ${base}:latest`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci --no-audit --no-fund', 'CMD ["node", "src/server.js"]', ''].join('\n'),
  };
}

describe.skipIf(problem !== null)(problem === null ? title : `${title} [skipped: ${problem}]`, () => {
  // A base image name of this run, so that verify finds it missing and builds it first.
  const base = `base-verify-${randomBytes(4).toString('hex')}`;
  let root = '';
  let result: VerifyResult;
  let started = 0;

  beforeAll(async () => {
    const nodeImage = await ensureNodeImage();
    root = await makeTempDir('verify-buildkit');
    const files = fixture(base);
    files[`${base}/Dockerfile`] = (files[`${base}/Dockerfile`] ?? '').replace('NODE_IMAGE', nodeImage);
    await writeTree(root, files);
    started = performance.now();
    // The source edit only: the other probes run on the fixtures of probes.test.ts and on this
    // repository's own services (reference-services.test.ts).
    result = await verify({ cwd: root, network: 'host', probes: ['source-edit'] });
    console.info(`[verify buildkit] verify of 2 services took ${((performance.now() - started) / 1000).toFixed(1)}s`);
  }, 1_800_000);

  afterAll(async () => {
    await removeImages([`${base}:latest`]);
    if (root !== '') await removeTempDir(root);
  });

  it('builds the missing local base image first', () => {
    expect(result.baseImages.map((entry) => [entry.image, entry.status, entry.command])).toEqual([[`${base}:latest`, 'built', `docker build -t ${base}:latest ${base}`]]);
  });

  it('passes the deps → build → runtime layout: npm ci stays CACHED after a source edit', () => {
    const good = result.services.find((entry) => entry.name === 'good');
    expect(good?.status).toBe('pass');
    expect(good?.reason).toBe('source-edit: the dependency install `RUN npm ci --no-audit --no-fund` (line 4) stayed CACHED after editing src/server.js');
    expect(good?.edit?.file).toBe('good/src/server.js');
    // FROM steps aside: BuildKit 20.10 reports a local base image as CACHED or DONE at random.
    expect(good?.steps.filter((step) => step.role !== 'from').map((step) => `${step.step} ${step.role} ${step.edited}`)).toEqual([
      '[deps 2/4] before-install cached',
      '[deps 3/4] before-install cached',
      '[deps 4/4] install cached',
      '[build 1/2] copies-edit rebuilt',
      '[build 2/2] other rebuilt',
      '[runtime 2/5] other cached',
      '[runtime 3/5] other cached',
      // The build stage reran, but package.json in it did not change: BuildKit keys COPY by content.
      '[runtime 4/5] other cached',
      '[runtime 5/5] other rebuilt',
    ]);
    expect(good?.builds.warm?.seconds).toBeGreaterThan(0);
    expect(good?.builds.edited?.seconds).toBeGreaterThan(0);
  });

  it('fails COPY . . before npm ci, naming the rebuilt step and the COPY', () => {
    const bad = result.services.find((entry) => entry.name === 'bad');
    expect(bad?.status).toBe('fail');
    expect(bad?.reason).toBe('source-edit: step 4/4 `RUN npm ci --no-audit --no-fund` (line 4) was rebuilt after editing src/server.js: it comes after `COPY . .` (line 3), which copies that file');
    expect(bad?.steps.filter((step) => step.role !== 'from').map((step) => `${step.step} ${step.role} ${step.edited}`)).toEqual([
      '[2/4] before-install cached',
      '[3/4] copies-edit rebuilt',
      '[4/4] install rebuilt',
    ]);
    expect(result.ok).toBe(false);
  });

  it('exits 0 from the command line when the selected service passes', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['verify', '--service', 'good', '--probe', 'source-edit', '--network', 'host', '--no-color'], {
      cwd: root,
      env: process.env,
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      isTTY: false,
    });
    expect({ code, stderr: stderr.split('\n').filter((line) => line.startsWith('[')) }).toEqual({ code: 0, stderr: ['[1/1] good'] });
    expect(stdout).toContain('✔ pass  good');
    expect(stdout).toMatch(/^ {4}CACHED {3}\[deps 4\/4\] +RUN npm ci --no-audit --no-fund +line 4 +← dependency install$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 build: 1 passed');
  }, 600_000);
});
