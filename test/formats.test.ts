import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINT_FORMATS } from '../src/report/formats.js';
import { runCli } from './helpers/cli.js';
import { tempTree } from './helpers/tmp.js';

const names = Object.keys(LINT_FORMATS);

describe('the output formats registry', () => {
  it('is what the lint accepts, its help lists and the README documents', async () => {
    const root = tempTree({ 'svc/Dockerfile': 'FROM node:20\nRUN npm install\n' });
    for (const name of names) {
      const run = await runCli(root, ['--format', name]);
      expect([name, run.code, run.stderr]).toEqual([name, 1, '']);
      expect(run.stdout.length).toBeGreaterThan(0);
    }
    expect((await runCli(root, ['--help'])).stdout).toContain(`Output format: ${names.join(', ')} (default: stylish)`);
    const formatRow = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8').split('\n').find((line) => line.startsWith('| `-f, --format NAME` |')) ?? '';
    for (const name of names) expect(formatRow).toContain(`\`${name}\``);
  });

  it('checks a format one way in every command', async () => {
    const root = tempTree();
    const lint = await runCli(root, ['--format', 'xml']);
    const doctor = await runCli(root, ['doctor', '--format', 'sarif']);
    const verify = await runCli(root, ['verify', '--format', 'constructor']);
    expect([lint.code, lint.stderr]).toEqual([2, `dockerlint: unknown format 'xml'; expected one of ${names.join(', ')}\n`]);
    expect([doctor.code, doctor.stderr]).toEqual([2, "dockerlint: unknown format 'sarif'; expected one of stylish, json\n"]);
    expect([verify.code, verify.stderr]).toEqual([2, "dockerlint: unknown format 'constructor'; expected one of stylish, json\n"]);
    // A name that only an object has is no format.
    expect((await runCli(root, ['--format', 'constructor'])).code).toBe(2);
  });
});
