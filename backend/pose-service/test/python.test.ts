import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const serviceDir = fileURLToPath(new URL('..', import.meta.url));

/** The pose service targets Python 3.10 (Ubuntu 22.04 in its image); older interpreters cannot run it. */
function pythonProblem(): string | null {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 10))'], { encoding: 'utf8' });
  if (probe.error) return 'python3 is not installed, so the pose service tests (test/test_*.py) cannot run';
  if (probe.stdout.trim() !== 'True') return 'python3 is older than 3.10, which the pose service needs';
  return null;
}

it('pose service unit tests pass (python3 -m unittest)', (context) => {
  const problem = pythonProblem();
  if (problem !== null) {
    context.skip(problem);
    return;
  }
  const run = spawnSync('python3', ['-m', 'unittest', 'discover', '--start-directory', 'test', '--top-level-directory', '.'], {
    cwd: serviceDir,
    encoding: 'utf8',
    // No stray bytecode in the source tree, and no user site-packages that could mask a missing import.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1' },
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/^Ran [1-9]\d* tests? in /m);
  expect(run.stderr.trimEnd()).toMatch(/\nOK$/);
});
