import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type JsonFinding } from './helpers/cli.js';
import { tempTree, writeTree } from './helpers/tmp.js';

/**
 * Two services and a base image. `api` copies `src` and runs a script; `worker` builds on the base;
 * `other` has findings of its own, which no change below touches.
 */
const PROJECT = {
  'compose.yaml': [
    'services:',
    '  api:',
    '    build: ./api',
    '  worker:',
    '    build: ./worker',
    '  other:',
    '    build: ./other',
    '',
  ].join('\n'),
  'api/.dockerignore': '**/.git\n**/.env\n**/*.log\n',
  'api/package.json': '{}\n',
  'api/src/index.js': 'console.log(1)\n',
  'api/setup.sh': '#!/bin/sh\necho ready\n',
  'api/Dockerfile': 'FROM node:20 AS deps\nCOPY package.json ./\nRUN npm ci\nCOPY setup.sh ./\nRUN ./setup.sh\nCOPY src ./src\n',
  'base-py/Dockerfile': 'FROM python:3.12-slim\n',
  'base-py/.dockerignore': '**/.git\n**/.env\n**/*.log\n',
  'worker/.dockerignore': '**/.git\n**/.env\n**/*.log\n',
  'worker/Dockerfile': 'FROM base-py AS deps\nRUN pip install flask\n',
  'other/Dockerfile': 'FROM node:20\nCOPY . .\nRUN npm install\n',
};

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The project committed, then `change` applied (and committed unless `commit` is false). */
function changedRepo(change: Record<string, string>, commit = true): string {
  const root = tempTree(PROJECT);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'initial');
  writeTree(root, change);
  if (commit) {
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'change');
  }
  return root;
}

async function findings(cwd: string, args: string[]): Promise<JsonFinding[]> {
  const run = await runCli(cwd, [...args, '--format', 'json']);
  expect(run.code, run.stderr).toBeLessThan(2);
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

const filesOf = (list: readonly JsonFinding[]): string[] => [...new Set(list.map((finding) => finding.file))].sort();

describe('--changed-since', () => {
  it('after a commit that only adds src to a service .dockerignore, reports the copy of src in that service Dockerfile', async () => {
    const root = changedRepo({ 'api/.dockerignore': '**/.git\n**/.env\n**/*.log\nsrc\n' });
    const found = await findings(root, ['--changed-since', 'HEAD~1']);
    expect(found.filter((finding) => finding.rule === 'copy-ignored-file').map((finding) => `${finding.file}:${String(finding.line)}`)).toEqual(['api/Dockerfile:6']);
    expect(filesOf(found).every((file) => file.startsWith('api/'))).toBe(true);
    // The whole project has findings elsewhere, which a change to api/ leaves alone.
    expect(filesOf(await findings(root, []))).toEqual(expect.arrayContaining(['other/Dockerfile', 'worker/Dockerfile']));
  });

  it('re-checks the services built on a changed base Dockerfile, and nothing else', async () => {
    const root = changedRepo({ 'base-py/Dockerfile': 'FROM python:3.12\n' });
    const found = await findings(root, ['--changed-since', 'HEAD~1']);
    expect(filesOf(found)).toContain('worker/Dockerfile');
    expect(filesOf(found).filter((file) => !file.startsWith('base-py/') && !file.startsWith('worker/'))).toEqual([]);
  });

  it('re-checks the Dockerfile that runs a changed script, and the Dockerfiles of a changed compose file', async () => {
    const script = await findings(changedRepo({ 'api/setup.sh': '#!/bin/sh\npip install flask\n' }), ['--changed-since', 'HEAD~1']);
    expect(filesOf(script)).toContain('api/Dockerfile');
    expect(filesOf(script).every((file) => file.startsWith('api/'))).toBe(true);
    const compose = await findings(changedRepo({ 'compose.yaml': `${PROJECT['compose.yaml']}  cache:\n    image: redis\n` }), ['--changed-since', 'HEAD~1']);
    expect(filesOf(compose)).toEqual(expect.arrayContaining(['other/Dockerfile', 'worker/Dockerfile', 'api/Dockerfile']));
  });

  it('counts uncommitted and untracked changes, and reports nothing when nothing changed', async () => {
    const root = changedRepo({ 'new/Dockerfile': 'FROM node:20\nRUN npm install\n' }, false);
    expect(filesOf(await findings(root, ['--changed-since', 'HEAD']))).toEqual(['new/Dockerfile']);
    rmSync(path.join(root, 'new'), { recursive: true });
    const clean = await runCli(root, ['--changed-since', 'HEAD']);
    expect([clean.code, clean.stdout]).toEqual([0, '']);
  });

  it('takes the paths given as the part of the project to look at', async () => {
    const root = changedRepo({ 'api/.dockerignore': '**/.git\n**/.env\n**/*.log\nsrc\n', 'base-py/Dockerfile': 'FROM python:3.12\n' });
    expect(filesOf(await findings(root, ['--changed-since', 'HEAD~1', 'worker', 'base-py'])).every((file) => !file.startsWith('api/'))).toBe(true);
  });

  it('is one usage error outside a git repository, for a bad revision, and with --stdin', async () => {
    const plain = tempTree(PROJECT);
    const outside = await runCli(plain, ['--changed-since', 'HEAD~1']);
    expect([outside.code, outside.stderr]).toEqual([2, `dockerlint: --changed-since needs a git repository, and ${plain} is not in one\n`]);
    const root = changedRepo({}, false);
    const bad = await runCli(root, ['--changed-since', 'no-such-branch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dockerlint: --changed-since no-such-branch: cannot compare with 'no-such-branch': .+\n$/);
    const option = await runCli(root, ['--changed-since=--output=/tmp/x']);
    expect([option.code, option.stderr]).toEqual([2, "dockerlint: --changed-since --output=/tmp/x: '--output=/tmp/x' is not a git revision\n"]);
    const both = await runCli(root, ['--changed-since', 'HEAD', '--stdin', '--stdin-filename', 'api/Dockerfile'], {}, false, ['FROM node\n']);
    expect([both.code, both.stderr]).toEqual([2, 'dockerlint: --stdin and --changed-since exclude each other\n']);
  });
});

describe('file names on the command line (pre-commit with pass_filenames, lint-staged)', () => {
  it('select what --changed-since selects for the same change', async () => {
    const root = changedRepo({ 'api/.dockerignore': '**/.git\n**/.env\n**/*.log\nsrc\n', 'base-py/Dockerfile': 'FROM python:3.12\n' });
    const named = await findings(root, ['api/.dockerignore', 'base-py/Dockerfile']);
    expect(named).toEqual(await findings(root, ['--changed-since', 'HEAD~1']));
    expect(filesOf(named)).toEqual(expect.arrayContaining(['api/Dockerfile', 'worker/Dockerfile']));
    expect(filesOf(named)).not.toContain('other/Dockerfile');
  });

  it('ask for the whole project when the config file is among them', async () => {
    const root = changedRepo({ '.dockerlintrc.json': '{}\n' });
    expect(filesOf(await findings(root, ['.dockerlintrc.json']))).toEqual(filesOf(await findings(root, [])));
  });

  it('with --fix, fix only the files selected', async () => {
    const root = changedRepo({}, false);
    writeFileSync(path.join(root, 'other/package.json'), '{}\n');
    await runCli(root, ['--fix', 'base-py/Dockerfile']);
    expect(existsSync(path.join(root, 'other/.dockerignore'))).toBe(false);
    await runCli(root, ['--fix', 'other/Dockerfile']);
    expect(existsSync(path.join(root, 'other/.dockerignore'))).toBe(true);
  });
});
