/**
 * The smallest repository that once crashed the built CLI (a root build context, `COPY . .` and an
 * empty `.dockerignore`), run as a real process: it lints, `--fix` converges, and a second `--fix`
 * changes nothing. `npm ci` builds dist/, which this test runs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempTree } from './helpers/tmp.js';

const BIN = path.resolve(import.meta.dirname, '../dist/bin.js');

interface Finding {
  rule: string;
  file: string;
  line: number;
}

function dockerlint(cwd: string, args: string[] = []): { status: number | null; signal: NodeJS.Signals | null; findings: Finding[]; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, '--format', 'json', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  const findings = result.status === 0 || result.status === 1 ? (JSON.parse(result.stdout) as { findings: Finding[] }).findings : [];
  return { status: result.status, signal: result.signal, findings, stderr: result.stderr };
}

function snapshot(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(root, file), readFileSync(file, 'utf8')];
      }),
  );
}

const summary = (findings: readonly Finding[]): string[] => findings.map((finding) => `${finding.rule} ${finding.file}:${finding.line}`);

it.each([
  ['with an empty .dockerignore', { '.dockerignore': '' }],
  ['without a .dockerignore', {}],
])('FROM node:20 + COPY . . at the repository root, %s: lints, fixes, and a second --fix changes nothing', (_name, ignore) => {
  const root = tempTree({ 'Dockerfile': 'FROM node:20\nCOPY . .\n', ...ignore });
  const first = dockerlint(root);
  expect({ status: first.status, signal: first.signal, stderr: first.stderr }).toEqual({ status: 1, signal: null, stderr: '' });
  expect(summary(first.findings)).toEqual([
    ...('.dockerignore' in ignore ? ['dockerignore-required .dockerignore:1'] : ['dockerignore-required Dockerfile:1']),
    'runtime-no-build-tools Dockerfile:1',
    'runtime-no-package-manager Dockerfile:1',
    'runtime-user-not-root Dockerfile:1',
    'stage-layout Dockerfile:1',
    'service-uses-base-image Dockerfile:1',
  ]);

  const fixed = dockerlint(root, ['--fix']);
  expect({ status: fixed.status, signal: fixed.signal, stderr: fixed.stderr }).toEqual({ status: 1, signal: null, stderr: '' });
  expect(summary(fixed.findings).filter((line) => line.startsWith('dockerignore-required'))).toEqual([]);
  const afterFix = snapshot(root);
  // No package.json or other manifest in this context: the entries every context needs, no ecosystem's.
  expect(afterFix['.dockerignore']).toMatch(/^\*\*\/\.git$/m);

  const second = dockerlint(root);
  expect({ status: second.status, signal: second.signal }).toEqual({ status: 1, signal: null });
  expect(second.findings).toEqual(fixed.findings);
  const secondFix = dockerlint(root, ['--fix']);
  expect(secondFix.status).toBe(1);
  expect(snapshot(root)).toEqual(afterFix);
});
