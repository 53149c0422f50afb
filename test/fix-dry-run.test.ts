import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { tempTree } from './helpers/tmp.js';

async function run(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, env: {}, isTTY: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** Every file below `root` (but .git) with its bytes and mode. */
function snapshot(root: string): Map<string, { bytes: string; mode: number }> {
  const files = new Map<string, { bytes: string; mode: number }>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full), { bytes: readFileSync(full).toString('base64'), mode: statSync(full).mode });
    }
  };
  walk(root);
  return files;
}

/** A project with fixes of both kinds: edits to an ignore file, and an ignore file to create (in a folder whose name has a space). */
const PROJECT = {
  'svc/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n',
  'svc/.dockerignore': '**/.git\n',
  'web app/Dockerfile': 'FROM node:20\nCOPY package.json .\nRUN npm ci\n',
  'web app/package.json': '{}\n',
};

function git(cwd: string, args: string[], input?: string): { status: number | null; stderr: string } {
  const result = spawnSync('git', args, { cwd, input, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('--fix-dry-run', () => {
  it('prints the diff of what --fix writes, changes no file, and exits as a lint does', async () => {
    const root = tempTree(PROJECT);
    expect(git(root, ['init', '-q']).status).toBe(0);
    const before = snapshot(root);
    const lint = await run(root, []);
    const dry = await run(root, ['--fix-dry-run']);
    expect(snapshot(root)).toEqual(before);
    expect(dry.code).toBe(lint.code);
    expect(dry.code).toBe(1);
    // The report goes to stderr, so that stdout is the diff alone.
    expect(dry.stderr).toBe(lint.stdout);
    expect(dry.stdout).toContain('--- /dev/null\n+++ b/web app/.dockerignore\n');
    expect(dry.stdout).toContain('--- a/svc/.dockerignore\n+++ b/svc/.dockerignore\n');

    // The diff applies, and gives what --fix writes in a twin of the project.
    const twin = tempTree(PROJECT);
    await run(twin, ['--fix']);
    const applied = git(root, ['apply', '--whitespace=nowarn', '-'], dry.stdout);
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect([...snapshot(root)].map(([file, { bytes }]) => [file, bytes]).sort()).toEqual([...snapshot(twin)].map(([file, { bytes }]) => [file, bytes]).sort());
  });

  it('prints nothing on stdout when there is nothing to fix, and refuses --fix with it', async () => {
    const root = tempTree({ 'svc/Dockerfile': 'FROM python:3.12\n', 'svc/.dockerignore': '**/.git\n**/.env\n**/__pycache__\n**/*.pyc\n**/.venv\n' });
    const dry = await run(root, ['--fix-dry-run', '--rule', 'dockerignore-required:off']);
    expect(dry.stdout).toBe('');
    const both = await run(root, ['--fix', '--fix-dry-run']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--fix and --fix-dry-run exclude each other');
  });
});
