/**
 * dockerlint as a pre-commit hook, installed the way pre-commit installs it: from this repository at a
 * commit (a file:// repository holding the working tree as it is now, uncommitted changes included), with
 * `language: node` from .pre-commit-hooks.yaml. The first run installs the hook (npm, without building
 * anything); then a commit whose Dockerfile copies the source before `npm ci` is refused with the finding,
 * and the fixed commit goes through.
 *
 * Uses the `pre-commit` on PATH, or DOCKERLINT_TEST_PRE_COMMIT=<path> (a pip install, say). Without one
 * the test is skipped with the reason, except in CI, where it must run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, lstatSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree, writeTree } from './helpers/tmp.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const preCommit = process.env.DOCKERLINT_TEST_PRE_COMMIT ?? 'pre-commit';
const probe = spawnSync(preCommit, ['--version'], { encoding: 'utf8' });
const missing = probe.error === undefined ? null : `${preCommit} is not installed (apt-get install pre-commit, or pip install pre-commit)`;
const skip = missing !== null && !process.env.CI;
const version = probe.error === undefined ? probe.stdout.trim() : preCommit;
const title = `the pre-commit hook (${version})`;
if (skip) console.warn(`[pre-commit test skipped] ${missing}`);

/** The environment of every command: no npm settings inherited from `npm test`, no user git config. */
function environment(preCommitHome: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return {
    ...env,
    PRE_COMMIT_HOME: preCommitHome,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    NO_COLOR: '1',
  };
}

/** A new git repository holding this repository's working tree (tracked and unignored files); its commit. */
function commitWorkingTree(into: string, env: NodeJS.ProcessEnv): string {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  for (const file of listed.split('\0')) {
    if (file === '' || lstatSync(path.join(repoRoot, file), { throwIfNoEntry: false }) === undefined) continue; // deleted, not yet committed
    cpSync(path.join(repoRoot, file), path.join(into, file), { verbatimSymlinks: true });
  }
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: into, env, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'the working tree');
  return git('rev-parse', 'HEAD');
}

/** A Node service whose Dockerfile installs before it copies the source, or (bad) after `COPY . .`. */
function service(main: string, copyFirst: boolean): Record<string, string> {
  const deps = copyFirst ? 'COPY . .\n' : 'COPY package.json package-lock.json ./\n';
  const build = copyFirst ? '' : 'COPY . .\n';
  return {
    Dockerfile:
      `FROM node:20-bookworm-slim AS deps\nWORKDIR /app\n${deps}RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n\n` +
      `FROM deps AS build\n${build}\n` +
      `FROM gcr.io/distroless/nodejs20-debian12 AS runtime\nWORKDIR /app\nCOPY --from=build /app ./\nCMD ["${main}"]\n`,
    '.dockerignore': ['**/node_modules', '**/.git', '**/.gitignore', '**/.env', '**/*.log', '**/__pycache__', '**/*.pkl', '**/data', ''].join('\n'),
    'package.json': '{ "name": "app", "version": "1.0.0", "private": true }\n',
    'package-lock.json': '{ "name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "app", "version": "1.0.0" } } }\n',
    [main]: 'console.log("hello");\n',
  };
}

const inDirectory = (dir: string, files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([file, content]) => [`${dir}/${file}`, content]));

describe.skipIf(skip)(skip ? `${title} [skipped: ${missing}]` : title, () => {
  it('installs from a commit of this repository, refuses a commit that copies the source before npm ci, and takes the fix', () => {
    expect(missing, 'in CI, .ci/run installs pre-commit').toBeNull();
    const env = environment(tempTree());
    const hookSource = tempTree();
    const rev = commitWorkingTree(hookSource, env);
    const project = tempTree({
      '.pre-commit-config.yaml': `repos:\n  - repo: file://${hookSource}\n    rev: ${rev}\n    hooks:\n      - id: dockerlint\n`,
      // The project states what its .dockerignore files must exclude: the test does not depend on the default list.
      '.dockerlintrc.json': JSON.stringify({ mandatoryIgnores: ['node_modules', '.git', '.env', '*.log'] }),
      ...inDirectory('api', service('server.js', false)),
    });
    const run = (program: string, ...args: string[]): { status: number | null; output: string } => {
      const result = spawnSync(program, args, { cwd: project, env, encoding: 'utf8' });
      if (result.error) throw result.error;
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };
    const head = (): string => run('git', 'rev-parse', 'HEAD').output.trim();
    run('git', 'init', '-q');
    run('git', 'add', '-A');

    // The first run installs the hook, then lints the clean project: a warning at most, so it passes.
    const started = performance.now();
    const clean = run(preCommit, 'run', '--all-files');
    const installSeconds = (performance.now() - started) / 1000;
    expect(clean.output).toMatch(/^dockerlint\.+Passed$/m);
    expect(clean.status, clean.output).toBe(0);

    expect(run(preCommit, 'install').status).toBe(0);
    expect(run('git', 'commit', '-q', '-m', 'api').status).toBe(0);
    const accepted = head();

    writeTree(project, inDirectory('worker', service('worker.js', true)));
    run('git', 'add', '-A');
    const warmStarted = performance.now();
    const refused = run('git', 'commit', '-m', 'worker, copying its source before npm ci');
    const warmSeconds = (performance.now() - warmStarted) / 1000;
    expect(refused.status, refused.output).not.toBe(0);
    expect(refused.output).toMatch(/^dockerlint\.+Failed$/m);
    expect(refused.output).toMatch(/^worker\/Dockerfile\n[^]*\bmanifest-before-source\b/m);
    expect(head()).toBe(accepted);

    writeFileSync(path.join(project, 'worker/Dockerfile'), service('worker.js', false).Dockerfile ?? '');
    run('git', 'add', '-A');
    const fixed = run('git', 'commit', '-m', 'worker, installing from its manifests first');
    expect(fixed.status, fixed.output).toBe(0);
    expect(fixed.output).toMatch(/^dockerlint\.+Passed$/m);
    expect(head()).not.toBe(accepted);

    console.info(`[pre-commit test] ${version}: first run (installs the hook) ${installSeconds.toFixed(1)} s, a refused commit ${warmSeconds.toFixed(1)} s`);
  }, 240_000);
});
