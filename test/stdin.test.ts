import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINTED_FILE_LIMIT } from '../src/project/load.js';
import { runCli, type JsonFinding } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const cli = path.resolve(import.meta.dirname, '../dist/bin.js');

/** A service whose context ignores `src`, and another service with findings of its own. */
const PROJECT = {
  'compose.yaml': 'services:\n  svc:\n    build: ./svc\n  other:\n    build: ./other\n',
  'svc/.dockerignore': '.git\n.env\n*.log\nsrc\n',
  'svc/package.json': '{}\n',
  'svc/src/index.js': 'console.log(1)\n',
  'svc/Dockerfile': 'FROM node:20 AS runtime\nCMD ["node"]\n',
  'other/Dockerfile': 'FROM node:20\nRUN npm install\n',
};

/** Copies `src`, which svc/.dockerignore excludes: only the context on disk can tell. */
const EDITED = 'FROM node:20 AS deps\nCOPY package.json ./\nRUN npm ci\nCOPY src ./src\n';

async function lintStdin(cwd: string, filename: string, text: string | Buffer, extra: string[] = []): Promise<{ code: number; findings: JsonFinding[]; stderr: string; stdout: string }> {
  const run = await runCli(cwd, ['--stdin', '--stdin-filename', filename, '--format', 'json', ...extra], {}, false, [text]);
  const findings = run.code === 2 || !run.stdout.startsWith('{') ? [] : (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
  return { ...run, findings };
}

async function projectFindings(cwd: string): Promise<JsonFinding[]> {
  return (JSON.parse((await runCli(cwd, ['--format', 'json'])).stdout) as { findings: JsonFinding[] }).findings;
}

/** The project as a git work tree, rooted where the tests run. */
function project(files: Record<string, string> = PROJECT): string {
  const root = tempTree(files);
  expect(spawnSync('git', ['init', '-q'], { cwd: root }).status).toBe(0);
  return root;
}

const keys = (findings: readonly JsonFinding[]): string[] => findings.map((finding) => `${finding.file}:${String(finding.line)}:${String(finding.column)} ${finding.rule}`);

describe('--stdin --stdin-filename', () => {
  it('lints the text as that file of the project on disk, with its context and .dockerignore, and reports that file only', async () => {
    const root = project();
    const { code, findings } = await lintStdin(root, 'svc/Dockerfile', EDITED);
    expect(code).toBe(1);
    expect(new Set(findings.map((finding) => finding.file))).toEqual(new Set(['svc/Dockerfile']));
    expect(keys(findings)).toContain('svc/Dockerfile:4:6 copy-ignored-file');
    // The same findings as when the text is on disk, minus the other files'.
    const twin = project({ ...PROJECT, 'svc/Dockerfile': EDITED });
    expect(keys(findings)).toEqual(keys((await projectFindings(twin)).filter((finding) => finding.file === 'svc/Dockerfile')));
    expect(readFileSync(path.join(root, 'svc/Dockerfile'), 'utf8')).toBe(PROJECT['svc/Dockerfile']);
  });

  it('lints a file that is not on disk yet, in a directory that is not either', async () => {
    const root = project();
    const { findings } = await lintStdin(root, 'svc/src/Dockerfile', 'FROM node:20 AS deps\nCOPY src ./src\n');
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((finding) => finding.file))).toEqual(new Set(['svc/src/Dockerfile']));
    const fresh = await lintStdin(root, 'new/dir/Dockerfile', 'FROM node:20\nRUN cd /x && npm install\n');
    expect(fresh.findings.length).toBeGreaterThan(0);
    expect(new Set(fresh.findings.map((finding) => finding.file))).toEqual(new Set(['new/dir/Dockerfile']));
  });

  it('lints compose files, .dockerignore files and scripts by the name given, shebang from the text', async () => {
    const root = project();
    const compose = await lintStdin(root, 'compose.yaml', 'services:\n  svc:\n    build: ./svc\n    bogus: 1\n');
    expect(keys(compose.findings)).toEqual(['compose.yaml:4:5 compose-schema']);
    const ignore = await lintStdin(root, 'other/.dockerignore', 'node_modules\n');
    expect(ignore.findings.map((finding) => `${finding.file} ${finding.rule}`)).toContain('other/.dockerignore dockerignore-required');
    expect(new Set(ignore.findings.map((finding) => finding.file))).toEqual(new Set(['other/.dockerignore']));
    // No extension: a script because the text (not a file on disk) starts with a shell's shebang.
    const script = await lintStdin(root, 'svc/setup', '#!/bin/sh\npip install flask\n');
    expect(keys(script.findings)).toEqual(['svc/setup:2:1 no-install-in-scripts']);
    expect((await lintStdin(root, 'svc/notes', 'pip install flask\n')).findings).toEqual([]);
  });

  it('reads no more than the size limit, and reports the text as too large', async () => {
    const root = project();
    const { code, findings } = await lintStdin(root, 'svc/Dockerfile', Buffer.alloc(LINTED_FILE_LIMIT + 10, 'a'));
    expect(code).toBe(1);
    expect(findings.map((finding) => `${finding.file} ${finding.rule}`)).toEqual(['svc/Dockerfile parse-error']);
    expect(findings[0]?.message).toContain('too large');
  });

  it('prints the fixed text as a diff with --fix-dry-run, and refuses --fix, which has no file to write', async () => {
    const root = project();
    const dry = await runCli(root, ['--stdin', '--stdin-filename', 'other/.dockerignore', '--fix-dry-run'], {}, false, ['node_modules\n']);
    expect(dry.stdout).toMatch(/^--- a\/other\/\.dockerignore\n\+\+\+ b\/other\/\.dockerignore\n/);
    expect(dry.stdout).toContain('\n+**/.git\n');
    const fix = await lintStdin(root, 'other/.dockerignore', 'node_modules\n', ['--fix']);
    expect(fix.code).toBe(2);
    expect(fix.stderr).toBe('dockerlint: --fix cannot write text read from stdin; use --fix-dry-run to print the changes as a diff\n');
  });

  it('is a usage error without a file name, with paths, or naming a directory', async () => {
    const root = project();
    const without = await runCli(root, ['--stdin'], {}, false, ['FROM node\n']);
    expect([without.code, without.stderr]).toEqual([2, expect.stringContaining('--stdin needs --stdin-filename')]);
    expect((await runCli(root, ['--stdin-filename', 'svc/Dockerfile'])).code).toBe(2);
    expect((await lintStdin(root, 'svc/Dockerfile', 'FROM node\n', ['svc'])).stderr).toContain('give no paths');
    expect((await lintStdin(root, 'svc', 'FROM node\n')).stderr).toContain('must name a file, not the directory svc');
  });

  it('reads a pipe in the built command (the documented editor call)', () => {
    const root = project();
    const run = spawnSync(process.execPath, [cli, '--stdin', '--stdin-filename', 'svc/Dockerfile', '--format', 'compact'], { cwd: root, input: EDITED, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('svc/Dockerfile:4:6: error ');
    expect(run.stdout.split('\n').filter(Boolean).every((line) => line.startsWith('svc/Dockerfile:'))).toBe(true);
  });
});
