/**
 * The verify report: each probe on its own line in stylish, "could not verify" for what could not be
 * proven, and the JSON shape that docs/verify.md documents (its example is parsed here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBES, type ProbeResult } from '../../src/verify/probes.js';
import { formatVerifyJson, formatVerifyStylish } from '../../src/verify/report.js';
import type { ServiceVerification, VerifyResult } from '../../src/verify/verify.js';

function service(name: string, changes: Partial<ServiceVerification>): ServiceVerification {
  return {
    name,
    service: name,
    root: '/repo',
    dockerfile: `${name}/Dockerfile`,
    context: name,
    target: 'runtime',
    status: 'pass',
    reason: '',
    problems: [],
    hints: [],
    edit: null,
    builds: { warm: null, edited: null },
    steps: [],
    probes: [],
    baseImages: [],
    log: [],
    ...changes,
  };
}

const probe = (name: ProbeResult['probe'], status: ProbeResult['status'], reason: string, changes: Partial<ProbeResult> = {}): ProbeResult => ({
  probe: name,
  status,
  reason,
  problems: status === 'fail' ? [reason] : [],
  builds: [],
  ...changes,
});

const RESULT: VerifyResult = {
  docker: { client: '/usr/bin/docker', clientVersion: '20.10.24', serverVersion: '20.10.24' },
  budget: 30,
  baseImages: [],
  ok: false,
  services: [
    service('api', {
      status: 'fail',
      probes: [
        probe('source-edit', 'pass', 'the dependency install `RUN npm ci` (line 4) stayed CACHED after editing src/app.ts'),
        probe('manifest-edit', 'fail', 'editing .npmrc left the dependency install `RUN npm ci` (line 4) CACHED', {
          problems: ['editing .npmrc left the dependency install `RUN npm ci` (line 4) CACHED', 'editing .yarnrc.yml left it CACHED too'],
          builds: [
            { change: '.npmrc: appended a comment line', seconds: 1.2, rebuilt: [] },
            { change: 'package.json: reformatted (indented by 4)', seconds: 9.5, rebuilt: ['[deps 3/4] COPY package.json ./ (line 3)', '[deps 4/4] RUN npm ci (line 4)', '[build 1/2] COPY . . (line 7)'] },
          ],
        }),
        probe('isolation', 'skipped', 'no other build is verified in this run'),
        probe('budget', 'error', 'the rebuild after editing package.json failed: no space left on device'),
      ],
    }),
    service('pose-service', { status: 'error', reason: 'needs the local image base-python-pose:latest, which could not be built: its base base-python:latest could not be built' }),
  ],
};

describe('formatVerifyStylish', () => {
  it('puts each probe on its own line, and says "could not verify" for what could not be proven', () => {
    const text = formatVerifyStylish(RESULT, { cwd: '/repo', color: false });
    expect(text.split('\n')).toEqual([
      'BuildKit of Docker Engine 20.10.24 (client /usr/bin/docker)',
      '',
      '✖ fail  api  api/Dockerfile, target runtime, context api',
      '    ✔ source-edit    the dependency install `RUN npm ci` (line 4) stayed CACHED after editing src/app.ts',
      '    ✖ manifest-edit  editing .npmrc left the dependency install `RUN npm ci` (line 4) CACHED',
      '                     editing .yarnrc.yml left it CACHED too',
      '                     .npmrc: appended a comment line: 1.2s, all CACHED',
      '                     package.json: reformatted (indented by 4): 9.5s, ran again: [deps 3/4] COPY package.json ./, [deps 4/4] RUN npm ci and 1 more',
      '    - isolation      no other build is verified in this run',
      '    ✖ budget         could not verify: the rebuild after editing package.json failed: no space left on device',
      '',
      '✖ error  pose-service  pose-service/Dockerfile, target runtime, context pose-service',
      '    could not verify: needs the local image base-python-pose:latest, which could not be built: its base base-python:latest could not be built',
      '',
      '2 builds: 1 failed, 1 could not be verified',
      '',
    ]);
  });
});

describe('the JSON report', () => {
  it('is the result itself, one object per probe', () => {
    const parsed = JSON.parse(formatVerifyJson(RESULT)) as VerifyResult;
    expect(parsed).toEqual(RESULT);
  });

  it('matches the example in docs/verify.md', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/verify.md'), 'utf8');
    const example = /^```json\n([\s\S]*?)^```$/m.exec(docs)?.[1];
    expect(example).toBeDefined();
    const parsed = JSON.parse(example ?? '') as VerifyResult;
    // Every key the report has, and no other, at each level the example shows.
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(RESULT).sort());
    const [first] = parsed.services;
    expect(Object.keys(first ?? {}).sort()).toEqual(Object.keys(RESULT.services[0] ?? {}).sort());
    expect(first?.probes.map((entry) => entry.probe)).toEqual([...PROBES]);
    for (const entry of first?.probes ?? []) {
      expect(Object.keys(entry).sort()).toEqual(['builds', 'probe', 'problems', 'reason', 'status']);
      expect(['pass', 'fail', 'error', 'skipped']).toContain(entry.status);
      for (const build of entry.builds) expect(Object.keys(build).sort()).toEqual(['change', 'rebuilt', 'seconds']);
    }
  });
});
