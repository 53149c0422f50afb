/**
 * Every probe of `dockerlint verify` against a real BuildKit, on the fixture repositories under
 * fixtures/verify/: the good one passes every probe; each bad one fails exactly one, naming the step.
 * The fixtures build on busybox with an npm stand-in (no registry is needed), so a run takes seconds.
 * Skipped, with the reason, when there is no Docker daemon and CI is not set.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { ProbeName, ProbeStatus } from '../../src/verify/probes.js';
import { verify, type ServiceVerification, type VerifyResult } from '../../src/verify/verify.js';
import { dockerAvailable, dockerSuiteTitle, ensureBusyboxImage } from '../helpers/docker.js';

const docker = await dockerAvailable();
const fixtures = path.resolve(import.meta.dirname, '../../fixtures/verify');
const dockerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ...(docker.ok ? { DOCKERLINT_DOCKER: docker.client } : {}) });

function run(fixture: string, options: { budget?: number; services?: string[] } = {}): Promise<VerifyResult> {
  return verify({ cwd: path.join(fixtures, fixture), network: 'host', env: dockerEnv(), ...options });
}

function statuses(service: ServiceVerification | undefined): Partial<Record<ProbeName, ProbeStatus>> {
  return Object.fromEntries((service?.probes ?? []).map((probe) => [probe.probe, probe.status]));
}

function probe(service: ServiceVerification | undefined, name: ProbeName): string {
  return service?.probes.find((entry) => entry.probe === name)?.reason ?? '';
}

const ALL_PASS = { 'source-edit': 'pass', 'manifest-edit': 'pass', 'unrelated-edit': 'pass', isolation: 'pass', budget: 'pass', 'base-reuse': 'pass' } as const;
const ALONE = { ...ALL_PASS, isolation: 'skipped' } as const;

// CI must run these: without a daemon there, fail rather than skip.
describe.skipIf(!docker.ok && !process.env.CI)(dockerSuiteTitle('verify probes with a real BuildKit', docker), () => {
  const results = new Map<string, VerifyResult>();

  beforeAll(async () => {
    await ensureBusyboxImage();
    // The good fixture first: it builds the shared base image the others then find.
    results.set('good', await run('good'));
    const bad = await Promise.all([
      run('install-reads-context'),
      run('manifest-after-install'),
      run('shared-context'),
      run('log-reaches-build'),
      run('slow-build', { budget: 2 }),
    ]);
    for (const [index, name] of ['install-reads-context', 'manifest-after-install', 'shared-context', 'log-reaches-build', 'slow-build'].entries()) {
      const result = bad[index];
      if (result) results.set(name, result);
    }
  }, 900_000);

  it('passes every probe on the good fixture, for both services', () => {
    const result = results.get('good');
    expect(result?.services.map((service) => [service.name, service.status, statuses(service)])).toEqual([
      ['api', 'pass', ALL_PASS],
      ['web', 'pass', ALL_PASS],
    ]);
    const api = result?.services[0];
    expect(probe(api, 'manifest-edit')).toBe('a neutral edit of package-lock.json and package.json re-ran the install each time');
    expect(probe(api, 'isolation')).toBe("web stayed fully CACHED after this edit");
    expect(probe(api, 'budget')).toMatch(/^the rebuild after the source edit took \d+\.\ds, within the budget of 30\.0s$/);
    expect(probe(api, 'base-reuse')).toMatch(/^reused base-verify-tools:latest \((built once in this run|already built)\): the same image through every build$/);
    expect(result?.ok).toBe(true);
  });

  it('fails source-edit alone when the install comes after COPY . .', () => {
    const [api] = results.get('install-reads-context')?.services ?? [];
    expect(statuses(api)).toEqual({ ...ALONE, 'source-edit': 'fail' });
    expect(probe(api, 'source-edit')).toBe('step 4/4 `RUN npm ci` (line 4) was rebuilt after editing src/server.js: it comes after `COPY . .` (line 3), which copies that file');
  });

  it('fails manifest-edit alone when a manifest reaches the build only after the install', () => {
    const [api] = results.get('manifest-after-install')?.services ?? [];
    expect(statuses(api)).toEqual({ ...ALONE, 'manifest-edit': 'fail' });
    expect(probe(api, 'manifest-edit')).toBe(
      'editing .npmrc left the dependency install `RUN npm ci` (line 4) CACHED: it reaches the build only with step build 1/2 `COPY . .` (line 7), which no install builds on, so the image ships an install that never read it. Copy .npmrc before the install.',
    );
  });

  it('fails isolation alone when two services share a context, naming both', () => {
    const result = results.get('shared-context');
    expect(result?.services.map((service) => [service.name, statuses(service)])).toEqual([
      ['api', { ...ALL_PASS, isolation: 'fail' }],
      ['worker', { ...ALL_PASS, isolation: 'fail' }],
    ]);
    expect(probe(result?.services[0], 'isolation')).toBe(
      "worker was rebuilt after api's edit of app/src/server.js (its image changed: step worker 1/1 `COPY src ./src` (line 7) copies the edited file): api and worker share the build context app; give each service a context of its own",
    );
  });

  it('fails unrelated-edit alone when .dockerignore lets a log file into COPY . .', () => {
    const [api] = results.get('log-reaches-build')?.services ?? [];
    expect(statuses(api)).toEqual({ ...ALONE, 'unrelated-edit': 'fail' });
    expect(probe(api, 'unrelated-edit')).toBe('dockerlint-probe.log reached the build: step build 1/2 `COPY . .` (line 7) ran again. Exclude it in the ignore file');
  });

  it('fails budget alone when the rebuild after a source edit takes longer than --budget', () => {
    const [api] = results.get('slow-build')?.services ?? [];
    expect(statuses(api)).toEqual({ ...ALONE, budget: 'fail' });
    expect(probe(api, 'budget')).toMatch(/^the rebuild after the source edit took \d+\.\ds, over the budget of 2\.0s$/);
  });

  it('runs only the probes named with --probe, one line each in stylish and one object each in JSON', async () => {
    const cwd = path.join(fixtures, 'install-reads-context');
    const io = (): { out: string[]; io: Parameters<typeof main>[1] } => {
      const out: string[] = [];
      return { out, io: { cwd, env: dockerEnv(), stdout: (text) => out.push(text), stderr: () => undefined, isTTY: false } };
    };
    const json = io();
    expect(await main(['verify', '--probe', 'manifest-edit', '--probe', 'budget', '--network', 'host', '--format', 'json'], json.io)).toBe(0);
    const parsed = JSON.parse(json.out.join('')) as VerifyResult;
    expect(parsed.services[0]?.probes.map((entry) => [entry.probe, entry.status])).toEqual([
      ['manifest-edit', 'pass'],
      ['budget', 'pass'],
    ]);
    const stylish = io();
    expect(await main(['verify', '--probe', 'source-edit', '--network', 'host', '--no-color'], stylish.io)).toBe(1);
    const probeLines = stylish.out.join('').split('\n').filter((line) => /^ {4}[✔✖-] [a-z-]+ {2}/.test(line));
    expect(probeLines).toEqual(['    ✖ source-edit  step 4/4 `RUN npm ci` (line 4) was rebuilt after editing src/server.js: it comes after `COPY . .` (line 3), which copies that file']);
  }, 300_000);
});
