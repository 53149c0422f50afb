import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../build-bases.sh', import.meta.url));

/** Runs build-bases.sh with a stand-in `docker` that records its arguments instead of building. */
describe('build-bases.sh', () => {
  const bin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
  const log = join(bin, 'calls.log');
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$DOCKER_BUILDKIT $*" >> "${log}"\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string> = {}): { status: number | null; calls: string[]; stderr: string } {
    rmSync(log, { force: true });
    const result = spawnSync('bash', [script, ...args], {
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, ...env },
    });
    let calls: string[] = [];
    try {
      calls = readFileSync(log, 'utf8').trimEnd().split('\n');
    } catch {
      // No docker call at all.
    }
    return { status: result.status, calls, stderr: result.stderr };
  }

  it('builds every base and its runtime target, bases before the images built on them', () => {
    expect(run([])).toEqual({
      status: 0,
      stderr: '',
      calls: [
        '1 build --tag base-node:latest backend/docker/base-node',
        '1 build --target runtime --tag base-node-runtime:latest backend/docker/base-node',
        '1 build --tag base-python:latest backend/docker/base-python',
        '1 build --target runtime --tag base-python-runtime:latest backend/docker/base-python',
        '1 build --tag base-python-pose:latest backend/docker/base-python-pose',
        '1 build --target runtime --tag base-python-pose-runtime:latest backend/docker/base-python-pose',
      ],
    });
  });

  it('builds only the groups asked for, passing the CUDA arch list to the pose build', () => {
    expect(run(['pose'], { TORCH_CUDA_ARCH_LIST: '8.6' }).calls).toEqual([
      '1 build --build-arg TORCH_CUDA_ARCH_LIST=8.6 --tag base-python-pose:latest backend/docker/base-python-pose',
      '1 build --build-arg TORCH_CUDA_ARCH_LIST=8.6 --target runtime --tag base-python-pose-runtime:latest backend/docker/base-python-pose',
    ]);
  });

  it('rejects unknown groups before building anything', () => {
    expect(run(['gpu'])).toEqual({
      status: 2,
      calls: [],
      stderr: 'unknown base group: gpu (expected node, python or pose)\n',
    });
  });
});
